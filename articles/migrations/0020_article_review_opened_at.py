from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_film_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="review_opened_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
