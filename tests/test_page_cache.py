"""The page cache honours the schedule: nothing cached outlives the next publish, expiry or embargo."""

from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from newsroom.dependencies import ALL, drop
from tests.admin.helpers import article_post_data, change_url, editor_fields
from tests.factories import make_article, make_user

pytestmark = pytest.mark.page_cache


def cache_control(response):
    return {
        part.split("=")[0].strip(): (part.split("=")[1] if "=" in part else True)
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


@override_settings(NEWSROOM_CACHE_SECONDS=300)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Already live")
        cls.story.tags.add("Stunts")

    def test_anonymous_pages_are_cached_and_replayed_without_queries(self):
        first = self.client.get("/")
        self.assertNotIn("X-Cache", first)
        with self.assertNumQueries(0):
            second = self.client.get("/")
        self.assertEqual(second["X-Cache"], "hit")
        self.assertEqual(second.content, first.content)
        self.assertTrue(cache_control(second)["public"])
        self.assertEqual(cache_control(second)["max-age"], cache_control(second)["s-maxage"])
        self.assertLessEqual(int(cache_control(second)["max-age"]), 300)

    def test_feeds_sitemaps_and_404s_are_cached_too(self):
        for url in ("/feed/", "/sitemap-stories.xml", "/tags/stunts/", "/articles/not-yet/"):
            with self.subTest(url=url):
                self.client.get(url)
                self.assertEqual(self.client.get(url)["X-Cache"], "hit")

    def test_freshness_is_capped_by_the_next_scheduled_change(self):
        make_article(status="published", publish_at=timezone.now() + timedelta(seconds=90))
        drop([ALL])
        response = self.client.get("/")
        self.assertLessEqual(int(cache_control(response)["max-age"]), 90)
        self.assertLessEqual(int(cache_control(response)["s-maxage"]), 90)

    def test_expiry_and_embargo_also_cap_freshness(self):
        now = timezone.now()
        for fields in (
            {"expire_at": now + timedelta(seconds=50)},
            {"publish_at": now - timedelta(hours=1), "embargo_until": now + timedelta(seconds=40)},
        ):
            with self.subTest(fields=list(fields)):
                make_article(**fields)
                with self.captureOnCommitCallbacks(execute=True):
                    drop([ALL])
                response = self.client.get(f"/?probe={len(fields)}{list(fields)[0]}")
                self.assertLessEqual(int(cache_control(response)["max-age"]), 50)

    def test_conditional_get_answers_304(self):
        first = self.client.get("/")
        self.assertTrue(first.has_header("ETag") and first.has_header("Last-Modified"))
        again = self.client.get("/", headers={"if-none-match": first["ETag"]})
        self.assertEqual(again.status_code, 304)

    def test_edit_through_the_admin_drops_cached_pages(self):
        self.client.get(self.story.get_absolute_url())
        editor = Client()
        editor.force_login(make_user("Editors"))
        data = article_post_data(self.story, headline="Edited headline", **editor_fields(status="published"))
        local = timezone.localtime(self.story.publish_at)
        data["publish_at_0"], data["publish_at_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(editor.post(change_url(self.story), data).status_code, 302)
        response = self.client.get(self.story.get_absolute_url())
        self.assertNotIn("X-Cache", response)
        self.assertContains(response, "Edited headline")

    def test_a_page_rendered_across_an_edit_is_not_replayed_after_it(self):
        """The copy is filed under the version read before rendering, so an edit landing meanwhile
        makes it stale at once instead of leaving the old text cached under the new version."""
        from articles import views

        real = views.HomeView.get_queryset

        def edited_while_rendering(view):
            stories = list(real(view))
            with self.captureOnCommitCallbacks(execute=True):
                drop([ALL])
            return stories

        with mock.patch.object(views.HomeView, "get_queryset", edited_while_rendering):
            self.client.get("/")
        self.assertNotIn("X-Cache", self.client.get("/"))
        self.assertEqual(self.client.get("/")["X-Cache"], "hit")

    def test_staff_previews_and_cookie_setting_responses_are_not_cached(self):
        staff = Client()
        staff.force_login(get_user_model().objects.create_superuser("chief", "c@example.com", "pw"))
        for _ in range(2):
            response = staff.get("/")
        self.assertNotIn("X-Cache", response)
        self.assertTrue(cache_control(response).get("private"))
        preview = staff.get(f"/admin/articles/article/{self.story.pk}/preview/")
        self.assertTrue(cache_control(preview).get("no-store"))
        for _ in range(2):
            login_page = self.client.get("/admin/login/")
        self.assertNotIn("X-Cache", login_page)

    def test_anonymous_responses_do_not_vary_on_cookies(self):
        response = self.client.get("/")
        self.assertNotIn("Cookie", response.get("Vary", ""))
        self.assertFalse(response.cookies)

    def test_cache_outage_is_a_miss(self):
        broken = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
        with self.settings(CACHES=broken), self.assertLogs("newsroom.page_cache", "WARNING"):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Already live")


@override_settings(NEWSROOM_CACHE_SECONDS=300)
class ScheduleWithWarmCacheTests(TestCase):
    """A story scheduled for T is absent everywhere at T−1 s and present at T, with the cache warm."""

    URLS = ["/", "/tags/stunts/", "/feed/", "/sitemap-stories.xml", "/news-sitemap.xml"]

    def test_scheduled_story_appears_exactly_on_time(self):
        start = timezone.now()
        publish_at = start + timedelta(minutes=10)
        older = make_article(headline="Older story", publish_at=start - timedelta(hours=2))
        older.tags.add("Stunts")
        story = make_article(headline="Scheduled scoop", slug="scheduled-scoop", publish_at=publish_at)
        story.tags.add("Stunts")
        urls = [*self.URLS, story.get_absolute_url()]

        def visit(moment):
            with mock.patch("django.utils.timezone.now", return_value=moment):
                return {url: self.client.get(url) for url in urls}

        warm = visit(publish_at - timedelta(seconds=10))
        for url, response in warm.items():
            with self.subTest(url=url, at="T-10s"):
                self.assertNotIn(b"scheduled-scoop", response.content)
                self.assertNotIn(b"Scheduled scoop", response.content)
                self.assertLessEqual(int(cache_control(response)["max-age"]), 10)

        before = visit(publish_at - timedelta(seconds=1))
        for url, response in before.items():
            with self.subTest(url=url, at="T-1s"):
                self.assertEqual(response.get("X-Cache"), "hit", "the cache is warm")
                self.assertNotIn(b"scheduled-scoop", response.content)
        self.assertEqual(before[story.get_absolute_url()].status_code, 404)

        after = visit(publish_at)
        for url, response in after.items():
            with self.subTest(url=url, at="T"):
                self.assertEqual(response.status_code, 200)
                self.assertIn(b"scheduled-scoop", response.content)
        story_page = BeautifulSoup(after[story.get_absolute_url()].content, "html.parser")
        self.assertEqual(story_page.h1.get_text(), "Scheduled scoop")
