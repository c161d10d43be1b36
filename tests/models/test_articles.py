"""Stories: the one rule of visibility and its instance twin, the database's invariants, what
saving derives, and the subject filters."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Citation
from tests.factories import (
    add_citation,
    make_article,
    make_full_story,
    make_story_per_state,
    visibility_states,
)


class LiveRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.now = timezone.now()
        cls.stories = make_story_per_state(now=cls.now)

    def test_only_the_live_story_is_live(self):
        """live() keeps published, due, unexpired stories whose embargo is over, and nothing else."""
        live = set(Article.objects.live(at=self.now).values_list("headline", flat=True))
        self.assertEqual(live, {"The live story"})

    def test_instance_predicate_agrees_with_queryset(self):
        """is_live() and live() give the same answer for every state, now and an hour either side."""
        for moment in (self.now - timedelta(minutes=90), self.now, self.now + timedelta(minutes=90)):
            live_ids = set(Article.objects.live(at=moment).values_list("pk", flat=True))
            for state, story in self.stories.items():
                with self.subTest(state=state, moment=moment):
                    self.assertEqual(story.is_live(at=moment), story.pk in live_ids)

    def test_scheduled_story_goes_live_by_the_clock(self):
        """At its publish time a scheduled story is live, with no write to the database."""
        story = self.stories["scheduled"]
        self.assertFalse(Article.objects.live(at=story.publish_at - timedelta(seconds=1)).filter(pk=story.pk))
        self.assertTrue(Article.objects.live(at=story.publish_at).filter(pk=story.pk))

    def test_embargo_lifts_at_its_time(self):
        story = self.stories["embargoed"]
        self.assertFalse(story.is_live(at=story.embargo_until - timedelta(seconds=1)))
        self.assertTrue(story.is_live(at=story.embargo_until))

    def test_expired_story_leaves_at_expiry(self):
        story = self.stories["expired"]
        self.assertTrue(story.is_live(at=story.expire_at - timedelta(seconds=1)))
        self.assertFalse(story.is_live(at=story.expire_at))

    def test_visibility_agrees_with_the_queryset_methods(self):
        """visibility() names the state whose queryset method (live, scheduled, expired,
        held_by_embargo) holds the story, now and an hour and a half either side."""
        methods = {
            "live": "live",
            "scheduled": "scheduled",
            "expired": "expired",
            "embargoed": "held_by_embargo",
        }
        for moment in (self.now - timedelta(minutes=90), self.now, self.now + timedelta(minutes=90)):
            members = {
                name: set(getattr(Article.objects, method)(at=moment).values_list("pk", flat=True))
                for name, method in methods.items()
            }
            for state, story in self.stories.items():
                with self.subTest(state=state, moment=moment):
                    holding = {name for name, pks in members.items() if story.pk in pks}
                    expected = {story.visibility(at=moment)} - {None}
                    self.assertEqual(holding, expected)

    def test_scheduled_queryset(self):
        """scheduled() holds published stories whose publish time is still ahead."""
        scheduled = set(Article.objects.scheduled(at=self.now).values_list("headline", flat=True))
        self.assertEqual(scheduled, {"The scheduled story"})


class ArticleConstraintTests(TestCase):
    def test_minimal_article(self):
        """An article needs only headline, slug, body, status and publish_at."""
        article = Article.objects.create(
            headline="Minimal", slug="minimal", body="<p>x</p>", status="published", publish_at=timezone.now()
        )
        self.assertTrue(article.is_live())
        self.assertEqual(article.kind, Article.Kind.NEWS)

    def assertRefused(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_article(**fields)

    def test_database_refuses_broken_invariants(self):
        now = timezone.now()
        cases = {
            "published without a time": {"publish_at": None},
            "expires before publishing": {"publish_at": now, "expire_at": now - timedelta(hours=1)},
            "empty slug": {"slug": ""},
            "empty headline": {"headline": ""},
        }
        for name, fields in cases.items():
            with self.subTest(name):
                self.assertRefused(**fields)

    def test_slug_is_unique(self):
        make_article(slug="same")
        self.assertRefused(slug="same")

    def test_draft_may_have_no_publish_time(self):
        self.assertIsNone(make_article(status="draft", publish_at=None).publish_at)


class ArticleValidationTests(TestCase):
    def build(self, **fields):
        return Article(headline="H", slug="h", body="<p>b</p>", **fields)

    def test_publishing_before_embargo_is_refused(self):
        """An editor cannot publish or schedule a story before its embargo lifts."""
        now = timezone.now()
        article = self.build(status="published", publish_at=now, embargo_until=now + timedelta(days=1))
        with self.assertRaises(ValidationError) as caught:
            article.full_clean()
        self.assertIn("publish_at", caught.exception.message_dict)
        self.assertIn("embargo", caught.exception.message_dict["publish_at"][0])

    def test_scheduling_at_embargo_is_accepted(self):
        when = timezone.now() + timedelta(days=1)
        self.build(status="published", publish_at=when, embargo_until=when).full_clean()

    def test_draft_with_embargo_is_accepted(self):
        now = timezone.now()
        self.build(status="draft", publish_at=now, embargo_until=now + timedelta(days=1)).full_clean()

    def test_expiry_before_publication_is_refused(self):
        now = timezone.now()
        article = self.build(status="published", publish_at=now, expire_at=now)
        with self.assertRaises(ValidationError) as caught:
            article.full_clean()
        self.assertIn("expire_at", caught.exception.message_dict)

    def test_publishing_without_time_means_now(self):
        article = self.build(status="published")
        article.full_clean()
        self.assertLessEqual(article.publish_at, timezone.now())


class ArticleSaveTests(TestCase):
    def test_body_is_sanitized_on_save(self):
        article = make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
        self.assertEqual(article.body, "<p>Hi</p>")

    def test_first_published_follows_schedule_until_it_happens(self):
        """A rescheduled story's first publication moves with it; once out, it stays."""
        states = visibility_states()
        article = make_article(**states["scheduled"])
        later = article.publish_at + timedelta(days=1)
        article.publish_at = later
        article.save()
        self.assertEqual(article.first_published_at, later)

        live = make_article(**states["live"])
        first = live.first_published_at
        live.publish_at = timezone.now()
        live.save()
        self.assertEqual(live.first_published_at, first)

    def test_draft_has_no_first_publication(self):
        self.assertIsNone(make_article(status="draft").first_published_at)


class SubjectFilterTests(TestCase):
    """tagged(), about_film(), about_person(), citing() and by_author() find the stories linked to
    a subject, each once, as a plain filter through the relation would."""

    def test_each_agrees_with_a_plain_filter_and_lists_each_story_once(self):
        full = make_full_story()
        add_citation(full.story, full.source, role=Citation.Role.VIA)
        make_article().tags.add("Trailers")
        author, film, person, source = full.authors[0], full.film, full.person, full.source
        tag = full.story.tags.get()
        stories = Article.objects
        cases = [
            ("by_author", stories.by_author(author), {"bylines__author": author}),
            ("about_film", stories.about_film(film), {"film_links__film": film}),
            ("about_film by slug", stories.about_film(film.slug), {"film_links__film__slug": film.slug}),
            ("about_person", stories.about_person(person), {"people": person}),
            ("tagged", stories.tagged(tag), {"tags": tag}),
            ("tagged by slug", stories.tagged(tag.slug), {"tags__slug": tag.slug}),
            ("citing", stories.citing(source), {"citations__source": source}),
        ]
        for name, found, lookup in cases:
            with self.subTest(name):
                self.assertEqual(list(found), [full.story])
                self.assertEqual(set(found), set(Article.objects.filter(**lookup)))


class DateBoundsTests(TestCase):
    def test_the_database_refuses_times_outside_the_newsrooms_years(self):
        """Whatever path saves a story, year 9999 cannot be stored (it could not be read back)."""
        from datetime import UTC, datetime

        from django.db import IntegrityError, transaction

        far = datetime(9999, 12, 31, 23, tzinfo=UTC)
        for field in ("publish_at", "expire_at", "embargo_until"):
            with self.subTest(field=field), self.assertRaises(IntegrityError), transaction.atomic():
                make_article(
                    **{field: far} if field != "publish_at" else {"publish_at": far, "expire_at": None}
                )
