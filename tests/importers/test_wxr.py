"""The WordPress import (importers.wordpress): statuses, skipped kinds, authors, tags, pictures,
SEO fields, cleaning, repeatability and safety."""

import tempfile
from datetime import UTC, datetime

from django.core.management.base import CommandError
from django.test import TestCase
from taggit.models import Tag

from articles.models import Article, Author, Image
from importers.models import ImportedItem, PathRedirect
from tests.factories import make_article

from .helpers import fixture, minimal, run, uploads


class SiteImportTests(TestCase):
    """site.xml, imported once with its pictures from a media folder."""

    @classmethod
    def setUpTestData(cls):
        cls.media = tempfile.mkdtemp()
        uploads(cls.media)
        cls.output = run(
            fixture("site.xml"), "--media-dir", cls.media, "--categories-as-kinds", "reviews=feature"
        )
        cls.halo = Article.objects.get(slug="halo-jump")

    def test_statuses_map(self):
        """publish → published at post_date_gmt, future → scheduled, draft and auto-draft → draft,
        pending → in review, private → draft (reported), trash → skipped (reported)."""
        self.assertEqual(self.halo.status, Article.Status.PUBLISHED)
        self.assertEqual(self.halo.publish_at, datetime(2018, 5, 24, 10, tzinfo=UTC))
        self.assertTrue(self.halo.is_live())
        future = Article.objects.get(headline="Block editor post")
        self.assertTrue(future.is_scheduled())
        self.assertEqual(future.publish_at, datetime(2030, 1, 1, 14, tzinfo=UTC))
        self.assertEqual(Article.objects.get(headline="A draft").status, Article.Status.DRAFT)
        self.assertEqual(Article.objects.get(headline="Autosaved").status, Article.Status.DRAFT)
        self.assertEqual(Article.objects.get(headline="Waiting for review").status, Article.Status.IN_REVIEW)
        self.assertEqual(Article.objects.get(headline="Members only").status, Article.Status.DRAFT)
        self.assertFalse(Article.objects.filter(headline="Thrown away").exists())
        self.assertIn("Private posts, imported as drafts:\n  Members only", self.output)
        self.assertIn("Posts in the trash, skipped:\n  Thrown away", self.output)

    def test_skipped_kinds_are_counted(self):
        """Pages, menu items, custom post types, attachments as items, comments and unknown meta
        are counted in the report."""
        for line in (
            "  pages: 1",
            "  menu items: 1",
            "  custom post type “movie”: 1",
            "  attachments (as items): 3",
            "  posts in the trash: 1",
            "  Comments (not imported): 2",
            "Post meta not imported:\n  snippet_shares: 1",
        ):
            self.assertIn(line, self.output)
        self.assertEqual(Article.objects.count(), 6)

    def test_authors_become_bylines_without_accounts(self):
        self.assertEqual([str(a) for a in self.halo.authors.all()], ["Jane Doe"])
        self.assertEqual(Author.objects.get(name="Ravi Kumar").user, None)

    def test_tags_categories_and_kinds(self):
        """Tags and categories become tags (Uncategorized and kind-mapped categories do not);
        a mapped category sets the story's kind."""
        self.assertEqual(sorted(self.halo.tags.names()), ["Stunts", "Tom Cruise"])
        self.assertEqual(self.halo.kind, Article.Kind.FEATURE)
        self.assertIn("Tags (from tags and categories):", self.output)
        self.assertFalse(Tag.objects.filter(name="Reviews").exists())

    def test_lead_image_seo_and_dek(self):
        self.assertEqual(self.halo.lead_image.alt_text, "Tom Cruise in free fall")
        self.assertTrue(self.halo.lead_image.renditions)
        self.assertEqual(self.halo.seo_title, "HALO jump: how it was shot")
        self.assertEqual(self.halo.seo_description, "The stunt behind Fallout's poster.")
        self.assertEqual(self.halo.dek, "The Fallout stunt, explained.")

    def test_body(self):
        """autop, a caption as a library figure, clips from a bare URL, [embed] and [youtube],
        another video as a link, unknown shortcodes kept and listed, <pre> untouched."""
        body = self.halo.body
        still = Image.objects.get(title="Still from the jump")
        self.assertTrue(body.startswith("<p>Tom Cruise jumped 106 times.<br>\nEvery take was real.</p>"))
        self.assertIn(
            f'<figure data-image="{still.pk}"><figcaption>The jump, at dusk</figcaption></figure>', body
        )
        self.assertIn("<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>", body)
        self.assertIn("<p>https://vimeo.com/123456</p>", body)
        self.assertIn("<p>https://www.youtube.com/watch?v=aaaaaaaaaaa</p>", body)
        self.assertIn('<a href="https://reeltalk.example/wp-content/uploads/2018/05/teaser.mp4"', body)
        self.assertIn('<p>[gallery ids="1,2,3"] Photos above.</p>', body)
        self.assertIn("<pre>code\n  stays\n\nas is</pre>", body)
        self.assertIn("Unknown shortcodes, kept as text:\n  gallery: 1", self.output)

    def test_gutenberg(self):
        """Block comments go, blocks stay as HTML, an embed block becomes a clip."""
        body = Article.objects.get(headline="Block editor post").body
        self.assertNotIn("wp:", body)
        self.assertIn("<p>First block.</p>", body)
        self.assertIn("<p>https://www.youtube.com/watch?v=bbbbbbbbbbb</p>", body)
        self.assertIn("<ul><li>One</li><li>Two</li></ul>", body)

    def test_cleaning(self):
        """Zero-width and bidi characters leave headlines' ends, names and slugs."""
        self.assertEqual(self.halo.headline, "How they shot the HALO jump & lived")
        self.assertTrue(Author.objects.filter(name="Ravi Kumar").exists())
        self.assertTrue(Article.objects.filter(slug="block-post").exists())

    def test_failing_picture_is_reported_and_story_kept(self):
        self.assertIn("Pictures that failed (stories kept without them):", self.output)
        self.assertIn("broken.png: This file is not an image we accept.", self.output)
        self.assertEqual(Image.objects.count(), 2)

    def test_reimport_creates_no_duplicates(self):
        output = run(
            fixture("site.xml"), "--media-dir", self.media, "--categories-as-kinds", "reviews=feature"
        )
        self.assertIn("Stories unchanged: 6", output)
        self.assertEqual(Article.objects.count(), 6)
        self.assertEqual(Image.objects.count(), 2)
        self.assertEqual(ImportedItem.objects.filter(kind="post").count(), 6)

    def test_old_paths_recorded(self):
        paths = set(PathRedirect.objects.filter(article=self.halo).values_list("old_path", flat=True))
        self.assertEqual(paths, {"/2018/05/24/halo-jump/", "/?p=11"})


class VersionTests(TestCase):
    def test_versions_and_https_namespace(self):
        """WXR 1.0, 1.1 and 1.2, with the wp: namespace over http or https."""
        with tempfile.TemporaryDirectory() as folder:
            for version in ("1.0", "1.1", "1.2"):
                for scheme in ("http", "https"):
                    Article.objects.all().delete()
                    ImportedItem.objects.all().delete()
                    run(minimal(folder, version, scheme))
                    story = Article.objects.get()
                    self.assertEqual(story.headline, f"Hello from {version}")
                    self.assertEqual(story.body, "<p>One.</p>\n<p>Two.</p>")
                    self.assertEqual(story.dek, "A dek.")

    def test_unknown_version_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaisesMessage(CommandError, "not one we read"):
                run(minimal(folder, "1.3"))
        self.assertFalse(Article.objects.exists())


class UpdateTests(TestCase):
    def test_reimport_updates_what_changed(self):
        with tempfile.TemporaryDirectory() as folder:
            path = minimal(folder)
            run(path)
            story = Article.objects.get()
            text = open(path).read().replace("One.", "One, corrected.")
            open(path, "w").write(text)
            output = run(path)
        self.assertIn("Stories updated: 1", output)
        story.refresh_from_db()
        self.assertIn("One, corrected.", story.body)
        self.assertEqual(Article.objects.count(), 1)

    def test_slug_taken_by_another_story(self):
        make_article(slug="hello")
        with tempfile.TemporaryDirectory() as folder:
            run(minimal(folder))
        self.assertTrue(Article.objects.filter(slug="hello-2", headline="Hello from 1.2").exists())

    def test_dry_run_writes_nothing(self):
        output = run(fixture("site.xml"), "--dry-run")
        self.assertIn("Dry run: nothing was written.", output)
        self.assertIn("Stories created: 6", output)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Author.objects.exists())
        self.assertFalse(ImportedItem.objects.exists())
        self.assertFalse(PathRedirect.objects.exists())


class BadFileTests(TestCase):
    """A file that cannot be imported stops the import with a message naming the line, having
    written nothing."""

    def refused(self, name, message):
        with self.assertRaisesMessage(CommandError, message):
            run(fixture(name))
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Author.objects.exists())

    def test_malformed(self):
        """The first post is fine; the second breaks the file: not even the first is written."""
        self.refused("malformed.xml", "line 12")

    def test_not_wxr(self):
        self.refused("not-wxr.xml", "no wp: namespace")

    def test_no_version(self):
        self.refused("no-version.xml", "no <wp:wxr_version> before its first item (line 5)")

    def test_billion_laughs(self):
        self.refused("billion-laughs.xml", "declares a document type")

    def test_external_entity(self):
        self.refused("external-entity.xml", "declares a document type")

    def test_missing_file(self):
        with self.assertRaises(CommandError):
            run("/nonexistent/export.xml")


class SiteUrlTests(TestCase):
    def test_site_url_keys_the_items(self):
        """--site-url names the source site: the same post from another site is another story."""
        with tempfile.TemporaryDirectory() as folder:
            path = minimal(folder)
            run(path)
            run(path, "--site-url", "https://moved.example")
        self.assertEqual(
            sorted(ImportedItem.objects.values_list("source_site", flat=True)),
            ["http://old.example/blog", "https://moved.example"],
        )
        self.assertEqual(Article.objects.count(), 2)
