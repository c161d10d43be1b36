"""What a story's revision keeps (its parts and tags), how two revisions compare, and what a restore
brings back: the words, never the status or the schedule."""

from datetime import UTC, date, datetime

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.test import SimpleTestCase, TestCase, override_settings
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles import revisions
from articles.models import Article, Byline, Correction, TaggedStory
from tests.factories import add_byline, make_article, make_author


def revision_of(story, comment="Saved."):
    """A revision of `story` as it is now, with its parts; its Version of the story."""
    with reversion.create_revision():
        reversion.add_to_revision(story)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(story).first()


class KeptTests(TestCase):
    def test_a_revision_keeps_the_storys_parts_and_tags(self):
        story = make_article()
        add_byline(story, make_author())
        Correction.objects.create(article=story, note="A fix.")
        story.tags.add("Stunts", "Tom Cruise")
        version = revision_of(story)
        kept = {v.content_type.model_class() for v in version.revision.version_set.all()}
        self.assertEqual(kept, {Article, Byline, Correction, TaggedStory})
        self.assertEqual(revisions.version_tags(version), ["Stunts", "Tom Cruise"])

    def test_registering_again_changes_nothing(self):
        registered = set(reversion.get_registered_models())
        self.assertLessEqual({Article, Byline, Correction, TaggedStory, TaggedItem}, registered)
        revisions.register()
        self.assertEqual(set(reversion.get_registered_models()), registered)

    def test_tags_kept_as_taggit_items_in_older_revisions_are_still_read(self):
        story = make_article()
        story.tags.add("Stunts", "Tom Cruise")
        version = revision_of(story)
        old_tag = Tag.objects.create(name="Kept the old way", slug="kept-the-old-way")
        item = TaggedItem(pk=9999, tag=old_tag, content_type=ContentType.objects.get_for_model(Article))
        item.object_id = story.pk
        Version.objects.create(
            revision=version.revision,
            object_id="9999",
            content_type=ContentType.objects.get_for_model(TaggedItem),
            db="default",
            format="json",
            serialized_data=serializers.serialize("json", [item]),
            object_repr="old",
        )
        self.assertEqual(revisions.version_tags(version), ["Kept the old way", "Stunts", "Tom Cruise"])


class CompareTests(TestCase):
    def test_rows_mark_what_changed_word_by_word(self):
        story = make_article(headline="Cruise jumps", body="<p>He made the jump <em>100</em> times.</p>")
        story.tags.add("Stunts")
        old = revision_of(story)
        story.headline, story.body = "Cruise jumps at last", "<p>He made the HALO jump 106 times.</p>"
        story.save()
        story.tags.add("HALO")
        new = revision_of(story)
        rows = {row["label"]: row for row in revisions.compare(old, new)}
        self.assertEqual(list(rows), [label for _, label in revisions.COMPARED])
        self.assertEqual(
            {label for label, row in rows.items() if row["changed"]}, {"Headline", "Body", "Tags"}
        )
        self.assertEqual(str(rows["Headline"]["diff"]), "Cruise jumps<ins> at last</ins>")
        self.assertEqual(str(rows["Tags"]["diff"]), "<ins>HALO, </ins>Stunts")
        self.assertNotIn("<em>", str(rows["Body"]["diff"]), "markup noise is not compared")

    def test_restoring_brings_back_the_words_only(self):
        story = make_article(headline="Kept", dek="The dek.", is_exclusive=True)
        fields = revisions.restored_fields(revision_of(story))
        self.assertEqual(list(fields), revisions.RESTORED_FIELDS)
        self.assertEqual(
            (fields["headline"], fields["dek"], fields["is_exclusive"]), ("Kept", "The dek.", True)
        )
        self.assertFalse({"status", "publish_at", "expire_at", "embargo_until"} & set(fields))


class WordDiffTests(SimpleTestCase):
    def test_diff_escapes_text(self):
        self.assertEqual(
            str(revisions.word_diff("a <b>", "a <i>")), "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"
        )

    def test_lines_stay_lines(self):
        self.assertEqual(str(revisions.word_diff("One\nTwo", "One\nTwo")), "One<br>Two")


@override_settings(TIME_ZONE="America/New_York")
class ShowValueTests(SimpleTestCase):
    def test_values_as_an_editor_reads_them(self):
        self.assertEqual(revisions.show_value("dek", ""), "—")
        self.assertEqual(revisions.show_value("expire_at", None), "—")
        self.assertEqual(revisions.show_value("status", "in_review"), "In review")
        self.assertEqual(revisions.show_value("planned_for", date(2018, 7, 27)), "July 27, 2018")
        self.assertEqual(
            revisions.show_value("publish_at", datetime(2018, 7, 27, 13, tzinfo=UTC)),
            "July 27, 2018, 9 a.m. America/New_York",
        )
