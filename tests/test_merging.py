"""The three-way merge of a story saved from an older version (articles.merging)."""

import reversion
from django.test import SimpleTestCase, TestCase

from articles import changes, merging
from articles.models import Article
from tests.factories import make_article, make_user


class OutcomeTests(SimpleTestCase):
    """What merging does with one field, given its base, their and my values."""

    def test_a_field_only_they_changed_keeps_their_value(self):
        self.assertEqual(merging.outcome("base", "theirs", "base"), merging.THEIRS)

    def test_a_field_only_i_changed_takes_mine(self):
        self.assertEqual(merging.outcome("base", "base", "mine"), merging.MINE)

    def test_a_field_both_changed_differently_needs_a_choice(self):
        self.assertEqual(merging.outcome("base", "theirs", "mine"), merging.BOTH)

    def test_the_same_change_on_both_sides_is_no_conflict(self):
        self.assertEqual(merging.outcome("base", "same", "same"), merging.SAME)

    def test_a_field_nobody_changed_stays(self):
        self.assertEqual(merging.outcome("base", "base", "base"), merging.SAME)


def save_with_revision(story, user=None, **fields):
    """Save `story` through the write path as the admin does: a new version and its revision."""
    for name, value in fields.items():
        setattr(story, name, value)
    with reversion.create_revision():
        changes.save_story(story, user=user)
    return story


class MergeTests(TestCase):
    """Merging a posted form against the story saved now, from the revision it started at."""

    NAMES = ["headline", "dek", "body", "kind", "tags", "edit_version", "return_note"]

    @classmethod
    def setUpTestData(cls):
        cls.dana = make_user("Editors", first_name="Dana")
        cls.story = make_article(headline="Base headline", dek="Base dek", body="<p>Base body</p>")
        with reversion.create_revision():
            cls.story.save()

    def merge(self, mine, base_number=1):
        current = Article.objects.get(pk=self.story.pk)
        version = merging.base_version(current, base_number)
        merges = merging.merge(self.NAMES, {}, mine, current, version)
        return {m.name: m for m in merges}

    def mine(self, **fields):
        return {
            "headline": "Base headline",
            "dek": "Base dek",
            "body": "<p>Base body</p>",
            "kind": "news",
            "tags": [],
        } | fields

    def test_base_is_read_back_by_version_number(self):
        save_with_revision(Article.objects.get(pk=self.story.pk), self.dana, dek="Their dek")
        current = Article.objects.get(pk=self.story.pk)
        self.assertEqual(merging.base_version(current, 1).field_dict["dek"], "Base dek")
        self.assertEqual(merging.base_version(current, 2).field_dict["dek"], "Their dek")
        self.assertIsNone(merging.base_version(current, 7))

    def test_their_only_mine_only_and_both_changed(self):
        save_with_revision(
            Article.objects.get(pk=self.story.pk), self.dana, dek="Their dek", body="<p>Their body</p>"
        )
        merges = self.merge(self.mine(headline="My headline", body="<p>My body</p>"))
        self.assertEqual(merges["dek"].outcome, merging.THEIRS)
        self.assertEqual(merges["dek"].their_value, "Their dek")
        self.assertEqual(merges["headline"].outcome, merging.MINE)
        self.assertEqual(merges["body"].outcome, merging.BOTH)
        self.assertEqual(merges["kind"].outcome, merging.SAME)
        self.assertIn("<ins>Their</ins>", str(merges["body"].their_diff()))
        self.assertIn("<ins>My</ins>", str(merges["body"].my_diff()))

    def test_only_the_story_own_fields_are_merged(self):
        """The form's helpers (its version, a workflow note) are not the story's values."""
        self.assertNotIn("edit_version", self.merge(self.mine()))
        self.assertNotIn("return_note", self.merge(self.mine()))

    def test_tags_merge_as_a_set(self):
        current = Article.objects.get(pk=self.story.pk)
        current.tags.set(["Stunts"])
        save_with_revision(current, self.dana)
        self.assertEqual(self.merge(self.mine(tags=[]))["tags"].outcome, merging.THEIRS)
        self.assertEqual(self.merge(self.mine(tags=["Stunts"]))["tags"].outcome, merging.SAME)

    def test_the_body_compares_as_saved(self):
        """Markup the sanitizer drops does not count as a change."""
        merges = self.merge(self.mine(body='<p onclick="x()">Base body</p>'))
        self.assertEqual(merges["body"].outcome, merging.SAME)

    def test_without_a_base_revision_every_difference_needs_a_choice(self):
        save_with_revision(Article.objects.get(pk=self.story.pk), self.dana, dek="Their dek")
        merges = self.merge(self.mine(headline="My headline"), base_number=None)
        self.assertEqual(merges["dek"].outcome, merging.BOTH)
        self.assertEqual(merges["headline"].outcome, merging.BOTH)
        self.assertEqual(merges["body"].outcome, merging.SAME)
