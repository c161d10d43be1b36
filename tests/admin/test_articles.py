"""The story admin: every model's admin pages, the story list's filters, badges and search, the
story form's times and checks, and what a writer sees of other people's stories."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    Credit,
    Franchise,
    PreviewLink,
    SlugRedirect,
    TaggedStory,
)
from articles.search import refresh_search_vector
from tests.admin.helpers import CHANGELIST_URL, RoleTestCase, article_post_data, change_url, editor_fields
from tests.factories import (
    csrf_post,
    make_article,
    make_full_story,
    make_story_per_state,
    make_user,
)


def administered_models():
    return [model for model in apps.get_app_config("articles").get_models() if model is not TaggedStory]


class AdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        full = make_full_story()
        full.film.franchise = Franchise.objects.create(name="Mission: Impossible", slug="mi")
        full.film.installment = 6
        full.film.save()
        Credit.objects.create(film=full.film, person=full.person, role="director")
        PreviewLink.objects.create(article=full.story, expires_at=timezone.now() + timedelta(days=1))
        SlugRedirect.objects.create(old_slug="old-address", article=full.story)

    def setUp(self):
        self.client.force_login(self.user)

    def test_every_model_is_registered(self):
        # A story's tags are edited on the story: their links have no admin of their own.
        self.assertFalse(admin.site.is_registered(TaggedStory))
        for model in administered_models():
            with self.subTest(model=model.__name__):
                self.assertTrue(admin.site.is_registered(model))

    def test_changelist_add_and_change_pages_load(self):
        for model in administered_models():
            opts = model._meta
            obj = model.objects.first()
            urls = {
                "changelist": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                "add": reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
                "change": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            }
            model_admin = admin.site.get_model_admin(model)
            request = self.client.get(urls["changelist"]).wsgi_request
            for page, url in urls.items():
                expected = 403 if page == "add" and not model_admin.has_add_permission(request) else 200
                with self.subTest(model=model.__name__, page=page):
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_changelist_search_and_filters(self):
        """The story list answers its search, each of its filters and the date drill-down."""
        url = reverse("admin:articles_article_changelist")
        params = [
            {"q": "story"},
            {"status__exact": "published"},
            {"kind__exact": "news"},
            {"visibility": "scheduled"},
            {"tags__id__exact": "1"},
            {"publish_at__year": str(timezone.now().year)},
        ]
        for query in params:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(url, query).status_code, 200)

    def test_autocomplete_endpoints(self):
        """The story form's autocomplete fields (people, lead image, byline author) answer."""
        for model_name, field in [("article", "people"), ("article", "lead_image"), ("byline", "author")]:
            with self.subTest(field=field):
                response = self.client.get(
                    reverse("admin:autocomplete"),
                    {"app_label": "articles", "model_name": model_name, "field_name": field, "term": "a"},
                )
                self.assertEqual(response.status_code, 200)


class ArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        cls.stories = make_story_per_state()

    def setUp(self):
        self.client.force_login(self.user)

    def changelist(self, **query):
        response = self.client.get(reverse("admin:articles_article_changelist"), query)
        soup = BeautifulSoup(response.content, "html.parser")
        return {a.get_text() for a in soup.select("#result_list tbody th a")}, soup

    def test_visibility_filter_uses_the_live_rule(self):
        expected = {
            "live": {"The live story"},
            "scheduled": {"The scheduled story"},
            "expired": {"The expired story"},
            "embargoed": {"The embargoed story"},
        }
        for value, headlines in expected.items():
            with self.subTest(value):
                self.assertEqual(self.changelist(visibility=value)[0], headlines)
        not_live = self.changelist(visibility="not_live")[0]
        self.assertEqual(len(not_live), len(self.stories) - 1)

    def test_state_badges(self):
        """Each row of the story list names its story's state as readers' visibility has it."""
        _, soup = self.changelist()
        states = {
            row.select_one("th a").get_text(): row.select_one(".state").get_text()
            for row in soup.select("#result_list tbody tr")
        }
        self.assertEqual(states["The live story"], "Live")
        self.assertEqual(states["The scheduled story"], "Scheduled")
        self.assertEqual(states["The draft story"], "Draft")
        self.assertEqual(states["The in_review story"], "In review")
        self.assertEqual(states["The embargoed story"], "Embargoed")
        self.assertEqual(states["The expired story"], "Expired")

    def test_view_on_site_only_for_live_stories(self):
        for state, story in self.stories.items():
            with self.subTest(state):
                response = self.client.get(reverse("admin:articles_article_change", args=[story.pk]))
                self.assertEqual(b"View on site" in response.content, state == "live")

    def test_change_form_names_the_time_zone(self):
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, "America/New_York")

    def test_times_are_entered_in_the_newsroom_zone(self):
        response = self.client.post(
            reverse("admin:articles_article_add"),
            article_post_data(
                **editor_fields(status="published", publish_at_0="2018-07-27", publish_at_1="09:00:00")
            ),
        )
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(slug="a-headline")
        self.assertEqual(article.publish_at.isoformat(), "2018-07-27T13:00:00+00:00")

    def test_publishing_before_embargo_is_a_form_error_and_keeps_the_text(self):
        tomorrow = timezone.localtime() + timedelta(days=1)
        response = self.client.post(
            reverse("admin:articles_article_add"),
            article_post_data(
                _workflow="schedule",
                **editor_fields(
                    publish_at_0=tomorrow.date().isoformat(),
                    publish_at_1="09:00:00",
                    embargo_until_0=tomorrow.date().isoformat(),
                    embargo_until_1="12:00:00",
                ),
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("embargo", str(response.context["adminform"].form.errors["publish_at"]))
        self.assertContains(response, "Typed by the editor.")
        self.assertFalse(Article.objects.filter(slug="a-headline").exists())

    def test_body_is_sanitized_when_saved_through_admin(self):
        self.client.post(
            reverse("admin:articles_article_add"),
            article_post_data(
                body='<p>Safe</p><script>alert("x")</script><p onmouseover="x()">Also</p>', **editor_fields()
            ),
        )
        self.assertEqual(Article.objects.get(slug="a-headline").body, "<p>Safe</p><p>Also</p>")

    def test_related_link_with_two_targets_is_a_form_error(self):
        target = self.stories["live"]
        data = article_post_data(
            **{
                "related_links-TOTAL_FORMS": "1",
                "related_links-0-placement": "next",
                "related_links-0-target_article": str(target.pk),
                "related_links-0-url": "https://example.com/",
                "related_links-0-title": "Both",
                "related_links-0-order": "0",
            },
            **editor_fields(),
        )
        response = self.client.post(reverse("admin:articles_article_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Link either one of our stories, or an external URL with a title.")
        self.assertContains(response, "Typed by the editor.")


class StorySearchTests(TestCase):
    """The story list's search is the readers' (articles.search), over every story, not only live ones."""

    @classmethod
    def setUpTestData(cls):
        cls.trailer = make_article(
            headline="Second trailer arrives", body="<p>The helicopter chase gets its first look.</p>"
        )
        cls.states = make_story_per_state(body="<p>Everyone mentions the parachute.</p>")
        refresh_search_vector(cls.trailer, *cls.states.values())

    def test_admin_search_uses_the_same_engine(self):
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.get("/admin/articles/article/", {"q": "helicopter"})
        results = {row.headline for row in response.context["cl"].result_list}
        self.assertEqual(results, {"Second trailer arrives"})
        draft = client.get("/admin/articles/article/", {"q": "parachute"}).context["cl"].result_list
        self.assertIn(
            "The draft story", {row.headline for row in draft}, "the desk finds unpublished stories too"
        )


class WriterAccessTests(RoleTestCase):
    """What the story admin lets a writer see and change: their own drafts."""

    def test_writer_cannot_edit_others_or_submitted_or_published_stories(self):
        stories = {
            "someone else's draft": self.draft(self.other_writer),
            "own story in review": make_article(status="in_review", created_by=self.writer),
            "own published story": make_article(created_by=self.writer),
        }
        client = self.client_for(self.writer)
        for name, article in stories.items():
            with self.subTest(name):
                page = client.get(change_url(article))
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, 'name="_save"')
                response = csrf_post(
                    client, change_url(article), article_post_data(article, headline="Hijacked")
                )
                self.assertEqual(response.status_code, 403)
                self.assertNotEqual(self.reload(article).headline, "Hijacked")

    def test_writer_sees_own_stories_by_default(self):
        own, other = (
            self.draft(self.writer, headline="Mine"),
            self.draft(self.other_writer, headline="Theirs"),
        )
        client = self.client_for(self.writer)
        self.assertEqual(list(client.get(CHANGELIST_URL).context["cl"].result_list), [own])
        everyone = client.get(CHANGELIST_URL, {"owner": "all"}).context["cl"].result_list
        self.assertEqual(set(everyone), {own, other})

    def test_writer_cannot_recover_deleted_stories(self):
        self.assertEqual(self.client_for(self.writer).get(f"{CHANGELIST_URL}recover/").status_code, 403)
        self.assertEqual(self.client_for(self.editor).get(f"{CHANGELIST_URL}recover/").status_code, 200)
