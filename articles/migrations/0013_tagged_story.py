"""Stories' tags move from taggit's generic items to their own table, each link with a copy of
its story's publication time (articles.models.tagging): a tag page then walks one index newest
first instead of reading all of a tag's items. Tags saved by the old code between `migrate` and
the restart would land in the old table: see docs/DEPLOY.md.
"""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


OLD_INDEX = "taggit_item_by_tag"


def story_content_type(apps):
    content_types = apps.get_model("contenttypes", "ContentType")
    return content_types.objects.filter(app_label="articles", model="article").first()


def move_to_story_links(apps, schema_editor):
    # Made by 0012 for tag pages on taggit's table, which will no longer hold stories' tags.
    # (Indexes first: PostgreSQL refuses to change them once rows wait on deferred checks.)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    content_type = story_content_type(apps)
    if content_type is not None:
        schema_editor.execute(
            "INSERT INTO articles_taggedstory (tag_id, content_object_id, publish_at)"
            " SELECT item.tag_id, story.id, story.publish_at FROM taggit_taggeditem item"
            " JOIN articles_article story ON story.id = item.object_id WHERE item.content_type_id = %s",
            [content_type.pk],
        )
        schema_editor.execute("DELETE FROM taggit_taggeditem WHERE content_type_id = %s", [content_type.pk])


def move_back(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON taggit_taggeditem (tag_id, content_type_id, object_id)"
    )
    content_types = apps.get_model("contenttypes", "ContentType")
    content_type, _ = content_types.objects.get_or_create(app_label="articles", model="article")
    schema_editor.execute(
        "INSERT INTO taggit_taggeditem (tag_id, content_type_id, object_id)"
        " SELECT tag_id, %s, content_object_id FROM articles_taggedstory",
        [content_type.pk],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_tagged_story_by_tag"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaggedStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("publish_at", models.DateTimeField(editable=False, null=True)),
                (
                    "content_object",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tag_links",
                        to="articles.article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "story tag",
            },
        ),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.TaggedStory",
                to="taggit.Tag",
                verbose_name="Tags",
            ),
        ),
        migrations.AddIndex(
            model_name="taggedstory",
            index=models.Index(
                models.F("tag"),
                models.OrderBy(models.F("publish_at"), descending=True),
                models.OrderBy(models.F("content_object"), descending=True),
                name="tagged_story_newest",
            ),
        ),
        migrations.AddConstraint(
            model_name="taggedstory",
            constraint=models.UniqueConstraint(fields=("content_object", "tag"), name="tagged_story_once"),
        ),
        migrations.RunPython(move_to_story_links, move_back),
    ]
