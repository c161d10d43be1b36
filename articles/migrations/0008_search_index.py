"""The GIN index for full-text search, on PostgreSQL only: SQLite has no such index and searches without it."""

from django.db import migrations

INDEX = "article_search_vector_gin"


def fill_body_text(apps, schema_editor):
    from articles.text import html_to_text

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        Article.objects.filter(pk=article.pk).update(body_text=html_to_text(article.body))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_search_fields")]

    operations = [
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
