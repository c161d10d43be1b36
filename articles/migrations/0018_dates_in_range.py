"""Dates and times within the newsroom's bounds (articles.models.bounds): a validator on each
field, so forms refuse a slip such as year 9999 with a message, and a check constraint, so
nothing stores one. A value already out of bounds (such a slip saved before) is emptied first:
a story scheduled for it goes back to draft, a release date becomes TBA."""

import articles.models.bounds
import datetime
from django.conf import settings
from django.db import migrations, models


AFTER_LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
EARLIEST = datetime.datetime(1800, 1, 1, tzinfo=datetime.UTC)


def empty_out_of_range(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ReleaseDate = apps.get_model("articles", "ReleaseDate")
    outside = {"gte": AFTER_LATEST, "lt": EARLIEST}
    for field in ("expire_at", "embargo_until", "publish_at"):
        for lookup, bound in outside.items():
            rows = Article.objects.filter(**{f"{field}__{lookup}": bound})
            changes = {field: None}
            if field == "publish_at":
                changes["status"] = "draft"
            rows.update(**changes)
    for lookup, bound in {"gte": AFTER_LATEST.date(), "lt": EARLIEST.date()}.items():
        Article.objects.filter(**{f"planned_for__{lookup}": bound}).update(planned_for=None)
        ReleaseDate.objects.filter(**{f"date__{lookup}": bound}).update(date=None, precision="tba")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0017_tags_without_slugs'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(empty_out_of_range, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='embargo_until',
            field=models.DateTimeField(blank=True, help_text='Optional: the story may not be public before this time, whatever its schedule.', null=True, validators=[articles.models.bounds.validate_in_range]),
        ),
        migrations.AlterField(
            model_name='article',
            name='expire_at',
            field=models.DateTimeField(blank=True, help_text='Optional: when the story leaves the site again.', null=True, validators=[articles.models.bounds.validate_in_range]),
        ),
        migrations.AlterField(
            model_name='article',
            name='planned_for',
            field=models.DateField(blank=True, help_text='For drafts: the day the desk plans to run it (shown on the calendar).', null=True, validators=[articles.models.bounds.validate_in_range]),
        ),
        migrations.AlterField(
            model_name='article',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='When the story goes public. A published story with a future time is scheduled.', null=True, validators=[articles.models.bounds.validate_in_range]),
        ),
        migrations.AlterField(
            model_name='releasedate',
            name='date',
            field=models.DateField(blank=True, help_text='For month or year precision, any day in that month or year. Empty when TBA.', null=True, validators=[articles.models.bounds.validate_in_range]),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('publish_at__isnull', True), models.Q(('publish_at__gte', datetime.datetime(1800, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('publish_at__lt', datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='article_publish_at_in_range'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('expire_at__isnull', True), models.Q(('expire_at__gte', datetime.datetime(1800, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('expire_at__lt', datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='article_expire_at_in_range'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('embargo_until__isnull', True), models.Q(('embargo_until__gte', datetime.datetime(1800, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('embargo_until__lt', datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='article_embargo_in_range'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('planned_for__isnull', True), models.Q(('planned_for__gte', datetime.date(1800, 1, 1)), ('planned_for__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='article_planned_for_in_range'),
        ),
        migrations.AddConstraint(
            model_name='releasedate',
            constraint=models.CheckConstraint(condition=models.Q(('date__isnull', True), models.Q(('date__gte', datetime.date(1800, 1, 1)), ('date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='releasedate_date_in_range'),
        ),
    ]
