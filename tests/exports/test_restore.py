"""Restoring an export: every row and relation as it was, the accounts without passwords, the
revisions with --with-history; and a refusal that writes nothing for a database that is not
empty or an export that is damaged, of another version or incomplete."""

import io
import json
import zipfile
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from reversion.models import Version

from articles import changes
from articles.export import format as fmt
from articles.models import Article, Image, TaggedStory
from importers.models import ImportedItem, PathRedirect
from newsroom.dependencies import ALL, current_tokens
from tests.factories import library_image, make_endpoint, make_full_story, make_review, make_user, photo
from webhooks.models import Event

from .helpers import empty_newsroom, export, restore, rewritten

SNAPSHOT_MODELS = [model for _, model in fmt.TABLES] + [model for _, model, _ in fmt.PARTS]


def snapshot():
    """Every exported row, field by field, and the links without their own ids."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values(*fmt.attnames(model)))
        for model in SNAPSHOT_MODELS
    }
    rows["people"] = list(
        Article.people.through.objects.order_by("article", "person").values_list("article", "person")
    )
    rows["tag links"] = list(
        TaggedStory.objects.order_by("content_object", "tag").values_list(
            "content_object", "tag", "publish_at"
        )
    )
    rows["body text"] = list(Article.objects.order_by("pk").values_list("body_text", flat=True))
    return rows


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class RestoreTests(TestCase):
    def setUp(self):
        self.editor = make_user("Editors", email="dana@example.com")
        self.full = make_full_story(created_by=self.editor)
        self.review = make_review(self.full.film, rating="3.5", verdict="Fine.", pros="Stunts", cons="Plot")
        # A small lead image: its renditions are made at every restore.
        large = self.full.story.lead_image
        self.full.story.lead_image = library_image(data=photo((480, 320)), caption="On set")
        self.full.story.save()
        large.delete()
        changes.make_renditions(self.full.story.lead_image)
        PathRedirect.objects.create(old_path="/2018/05/24/the-jump/", article=self.full.story)
        ImportedItem.objects.create(
            source_site="https://old.example", kind="post", wp_id=12, article=self.full.story
        )

    def test_every_row_and_relation_comes_back(self):
        """Stories with bylines, films, people, tags, citations, links, corrections and review
        fields; films with credits and release dates; images with their files and renditions."""
        before = snapshot()
        files = media_files()
        data = export()
        empty_newsroom()
        restore(data)
        self.assertEqual(snapshot(), before)
        self.assertEqual(media_files(), files)
        story = Article.objects.get(pk=self.full.story.pk)
        self.assertEqual(
            [a.pk for a in story.authors.order_by("bylines__order")], [a.pk for a in self.full.authors]
        )
        self.assertEqual(list(story.people.all()), [self.full.person])
        self.assertEqual(story.corrections.count(), 1)
        self.assertEqual(story.related_links.count(), 3 + len(self.full.hidden_links))
        self.assertEqual(story.lead_image.renditions, Image.objects.get(pk=story.lead_image_id).renditions)
        self.assertTrue(story.lead_image.renditions)

    def test_the_restore_drops_every_cached_page_and_announces_nothing(self):
        """Once the restore commits, every page's dependency `all` has a new token (the page
        cache keeps nothing from before); no webhook event is recorded for the stories."""
        make_endpoint("https://receiver.example/hook")
        data = export()
        empty_newsroom()
        before = current_tokens([ALL])
        with self.captureOnCommitCallbacks(execute=True):
            restore(data)
        self.assertNotEqual(current_tokens([ALL]), before)
        self.assertFalse(Event.objects.exists())

    def test_accounts_come_back_without_passwords(self):
        """Staff accounts keep their names, email, roles and the stories they made; none can log
        in until its owner sets a password."""
        data = export()
        empty_newsroom()
        restore(data)
        editor = get_user_model().objects.get(username=self.editor.username)
        self.assertEqual((editor.email, editor.pk), ("dana@example.com", self.editor.pk))
        self.assertFalse(editor.has_usable_password())
        self.assertEqual([group.name for group in editor.groups.all()], ["Editors"])
        self.assertEqual(Article.objects.get(pk=self.full.story.pk).created_by, editor)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertNotIn(b"password", archive.read(fmt.USERS))

    def test_an_account_the_site_has_is_used(self):
        """An account restored by a username the new site already has is that account."""
        data = export()
        empty_newsroom()
        someone = make_user("Writers", username=self.editor.username)
        restore(data)
        self.assertEqual(Article.objects.get(pk=self.full.story.pk).created_by, someone)

    def test_history_round_trip(self):
        """--with-history brings every revision back, its versions intact; without it, none."""
        with reversion.create_revision():
            reversion.set_user(self.editor)
            reversion.set_comment("First.")
            changes.save_story(self.review)
        with reversion.create_revision():
            self.review.headline = "A second headline"
            changes.save_story(self.review)
        versions = list(
            Version.objects.get_for_object(self.review).values_list(
                "serialized_data", "revision__comment", "revision__user"
            )
        )
        self.assertEqual(len(versions), 2)
        plain, history = export(), export(with_history=True)
        empty_newsroom()
        restore(plain)
        self.assertFalse(Version.objects.exists())
        empty_newsroom()
        restore(history)
        review = Article.objects.get(pk=self.review.pk)
        self.assertEqual(
            list(
                Version.objects.get_for_object(review).values_list(
                    "serialized_data", "revision__comment", "revision__user"
                )
            ),
            versions,
        )

    def assertRefused(self, data, message):
        before = snapshot()
        files = media_files()
        with self.assertRaisesMessage(CommandError, message):
            restore(data)
        self.assertEqual(snapshot(), before)
        self.assertEqual(media_files(), files)

    def test_a_database_with_a_newsroom_is_refused(self):
        self.assertRefused(export(), "already holds a newsroom")

    def test_damaged_exports_are_refused_and_nothing_is_written(self):
        """A file that is no zip, another format version, a missing file or image, a bad row
        half-way or a damaged entry: a clear error, and no row or file left behind."""
        data = export()
        empty_newsroom()
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read(fmt.MANIFEST))

        def bump(name, content):
            return json.dumps({**manifest, "version": 99}).encode() if name == fmt.MANIFEST else content

        def bad_row(name, content):
            if name != "stories.jsonl":
                return content
            lines = content.splitlines()
            row = json.loads(lines[-1])
            row["publish_at"] = "yesterday"
            return b"\n".join([*lines[:-1], json.dumps(row).encode()]) + b"\n"

        media = [name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith(fmt.MEDIA)]
        self.assertRefused(b"PK\x03\x04 not really a zip", "is not a zip file")
        self.assertRefused(rewritten(data, bump), "version 99 of the format")
        self.assertRefused(rewritten(data, drop=["stories.jsonl"]), "stories.jsonl missing")
        self.assertRefused(rewritten(data, drop=[fmt.MANIFEST]), "not a newsroom export")
        self.assertRefused(rewritten(data, drop=media), "image original(s) missing")
        self.assertRefused(rewritten(data, bad_row), "stories.jsonl, line")
        self.assertRefused(
            rewritten(data, lambda name, content: content[:-40] if name == "films.jsonl" else content),
            "films.jsonl",
        )
        self.assertRefused(
            rewritten(
                data,
                lambda name, content: (
                    content.replace(b'"username"', b'"login"') if name == fmt.USERS else content
                ),
            ),
            "not as format version",
        )
        # A byte changed inside the stories' compressed data: its checksum no longer matches.
        at = data.index(b"stories.jsonl") + 200
        self.assertRefused(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :], "stories.jsonl")
        restore(data)
        self.assertTrue(Article.objects.filter(pk=self.full.story.pk).exists())

    def test_an_export_missing_an_original_is_refused(self):
        """An image whose file is gone from the storage stops the export before it writes, naming it."""
        image = self.full.story.lead_image
        image.file.storage.delete(image.file.name)
        path = Path(settings.MEDIA_ROOT).parent / "out.zip"
        with self.assertRaisesMessage(CommandError, image.file.name):
            call_command("export_newsroom", str(path), stdout=io.StringIO())
        self.assertFalse(path.exists())

    def test_the_commands_say_what_they_did(self):
        path = Path(settings.MEDIA_ROOT).parent / "out.zip"
        out = io.StringIO()
        call_command("export_newsroom", str(path), stdout=out)
        self.assertIn(f"format version {fmt.VERSION}", out.getvalue())
        self.assertIn(f"stories {Article.objects.count()}", out.getvalue())
        empty_newsroom()
        call_command("import_newsroom", str(path), stdout=out)
        self.assertIn("changepassword", out.getvalue())
        self.assertTrue(Article.objects.filter(pk=self.review.pk).exists())
