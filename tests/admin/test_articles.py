from datetime import timedelta

from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    Correction,
    Credit,
    Franchise,
    Image,
    PreviewLink,
    SlugRedirect,
    TaggedStory,
)
from tests.admin.helpers import article_post_data, editor_fields
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    add_link,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
    make_source,
    make_story_per_state,
)


def administered_models():
    return [model for model in apps.get_app_config("articles").get_models() if model is not TaggedStory]


class AdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        article = make_article()
        film = make_film(
            franchise=Franchise.objects.create(name="Mission: Impossible", slug="mi"), installment=6
        )
        make_release_date(film)
        add_byline(article, make_author())
        add_film(article, film)
        add_citation(article, make_source())
        add_link(article, target_article=make_article())
        article.people.add(make_person())
        article.tags.add("Stunts")
        Credit.objects.create(film=film, person=make_person(), role="director")
        Image.objects.create(title="Still", file="images/still.jpg", alt_text="A still", width=10, height=10)
        Correction.objects.create(article=article, note="An earlier version misspelled a name.")
        PreviewLink.objects.create(article=article, expires_at=timezone.now() + timedelta(days=1))
        SlugRedirect.objects.create(old_slug="old-address", article=article)

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
                **editor_fields(
                    status="published",
                    publish_at_0=timezone.localdate().isoformat(),
                    publish_at_1="00:00:00",
                    embargo_until_0=tomorrow.date().isoformat(),
                    embargo_until_1="12:00:00",
                )
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
