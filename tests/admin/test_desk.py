"""The desk (articles.admin.desk) as the admin's home page, and the admin's models in groups
(newsroom.admin_site): what each role sees, counts, links, and queries that stay constant."""

from datetime import datetime, time, timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from articles.admin import desk
from articles.changes import apply_transition
from articles.models import Article
from tests.factories import make_article, make_author, make_user

INDEX = "/admin/"
CHANGELIST = reverse("admin:articles_article_changelist")


def end_of_today(now):
    zone = timezone.get_current_timezone()
    return datetime.combine(timezone.localtime(now).date() + timedelta(days=1), time.min, zone)


def later_today(now, minutes):
    """A moment `minutes` from now, but still today in the newsroom (tests run at any hour)."""
    return min(now + timedelta(minutes=minutes), end_of_today(now) - timedelta(seconds=1))


def submit(story, user, ago=None):
    """Submit `story` for review through the workflow; `ago`: backdate the revision."""
    apply_transition(story, "submit", user)
    if ago is not None:
        Revision.objects.filter(version__object_id=str(story.pk), comment__startswith="Submit").update(
            date_created=timezone.now() - ago
        )


def return_to_draft(story, user):
    apply_transition(story, "return_to_draft", user, note="Tighten the second paragraph.")


class DeskTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.writer = make_user("Writers", first_name="Wanda", last_name="Writer")
        cls.other_writer = make_user("Writers", first_name="Otto", last_name="Other")
        cls.editor = make_user("Editors", first_name="Eddie", last_name="Editor")
        hour = timedelta(hours=1)

        def story(headline, owner=None, **fields):
            return make_article(headline=headline, created_by=owner or cls.other_writer, **fields)

        cls.my_draft = story("My draft", cls.writer, status="draft", publish_at=None)
        cls.their_draft = story("Their draft", status="draft", publish_at=None)
        cls.mine_in_review = story("Mine in review", cls.writer, status="draft", publish_at=None)
        submit(cls.mine_in_review, cls.writer, ago=hour)
        cls.theirs_in_review = story("Theirs in review", status="draft", publish_at=None)
        submit(cls.theirs_in_review, cls.other_writer, ago=5 * hour)
        cls.returned = story("Sent back to me", cls.writer, status="draft", publish_at=None)
        submit(cls.returned, cls.writer)
        return_to_draft(cls.returned, cls.editor)
        cls.resubmitted = story("Sent back and resubmitted", cls.writer, status="draft", publish_at=None)
        submit(cls.resubmitted, cls.writer)
        return_to_draft(cls.resubmitted, cls.editor)
        submit(cls.resubmitted, cls.writer)
        cls.withdrawn = story("Withdrawn by me", cls.writer, status="draft", publish_at=None)
        submit(cls.withdrawn, cls.writer)
        apply_transition(cls.withdrawn, "withdraw", cls.writer)
        cls.their_returned = story("Sent back to them", status="draft", publish_at=None)
        submit(cls.their_returned, cls.other_writer)
        return_to_draft(cls.their_returned, cls.editor)
        cls.soon = story("Goes out soon", status="published", publish_at=now + 3 * hour)
        cls.later = story("Goes out in three days", status="published", publish_at=now + 72 * hour)
        cls.live_old = story("Live since yesterday", status="published", publish_at=now - 24 * hour)
        cls.live_new = story("Live since an hour", status="published", publish_at=now - hour)
        cls.expired = story("Expired", status="published", publish_at=now - 3 * hour, expire_at=now - hour)
        cls.embargoed = story(
            "Held until later today",
            status="published",
            publish_at=now - hour,
            embargo_until=later_today(now, 30),
        )
        cls.embargo_tomorrow = story(
            "Held until tomorrow", status="published", publish_at=now - hour, embargo_until=now + 30 * hour
        )
        cls.embargoed_draft = story(
            "Draft under embargo", status="draft", publish_at=None, embargo_until=later_today(now, 60)
        )
        cls.archived = story("Archived", status="archived", publish_at=now - 2 * hour)

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def desk(self, user):
        response = self.client_for(user).get(INDEX)
        self.assertEqual(response.status_code, 200)
        return response, BeautifulSoup(response.content, "html.parser")

    def section(self, soup, key):
        return soup.select_one(f".desk-{key}")

    def headlines(self, soup, key):
        return [a.get_text() for a in self.section(soup, key).select(".desk-headline")]

    def count(self, soup, key):
        return self.section(soup, key).select_one(".desk-count").get_text()


class SectionTests(DeskTestCase):
    def test_writer_sees_their_own_work_and_the_newsroom_output(self):
        """A writer's desk: their stories in review, their drafts, what came back to them; the
        whole newsroom's schedule, live stories and embargoes."""
        _, soup = self.desk(self.writer)
        self.assertEqual(self.headlines(soup, "in_review"), ["Mine in review", "Sent back and resubmitted"])
        self.assertIn("My stories in review", self.section(soup, "in_review").h2.get_text())
        self.assertCountEqual(
            self.headlines(soup, "drafts"), ["My draft", "Sent back to me", "Withdrawn by me"]
        )
        self.assertEqual(self.headlines(soup, "returned"), ["Sent back to me"])
        self.assertEqual(self.headlines(soup, "scheduled"), ["Goes out soon"])
        self.assertEqual(self.headlines(soup, "live"), ["Live since an hour", "Live since yesterday"])
        self.assertEqual(self.headlines(soup, "embargoes"), ["Held until later today", "Draft under embargo"])

    def test_editor_sees_the_whole_review_queue_oldest_first(self):
        """Editors see every story in review, the longest waiting first, with who submitted it
        and when."""
        _, soup = self.desk(self.editor)
        self.assertEqual(
            self.headlines(soup, "in_review"),
            ["Theirs in review", "Mine in review", "Sent back and resubmitted"],
        )
        first = self.section(soup, "in_review").select(".desk-entry")[0]
        self.assertIn("Submitted by Otto Other", first.get_text())
        self.assertIn("5\xa0hours ago", first.get_text())
        self.assertEqual(self.count(soup, "in_review"), "3")

    def test_returned_names_the_editor(self):
        _, soup = self.desk(self.writer)
        entry = self.section(soup, "returned").select_one(".desk-entry")
        self.assertIn("Returned by Eddie Editor", entry.get_text())

    def test_stories_not_live_stay_out_of_live_now(self):
        """Live now follows live(): not the expired, embargoed, scheduled, archived or drafts."""
        _, soup = self.desk(self.editor)
        live = self.headlines(soup, "live")
        for story in (self.expired, self.embargoed, self.soon, self.archived, self.my_draft):
            self.assertNotIn(story.headline, live)
        self.assertEqual(self.count(soup, "live"), "2")

    def test_times_are_in_the_newsrooms_zone(self):
        response, soup = self.desk(self.editor)
        local = timezone.localtime(self.soon.publish_at)
        self.assertIn(local.strftime("%H:%M"), self.section(soup, "scheduled").get_text())
        self.assertContains(response, "America/New_York")
        embargo = self.section(soup, "embargoes").select_one(".desk-entry")
        self.assertIn("Embargo lifts", embargo.get_text())
        self.assertIn("Embargoed", embargo.select_one(".state").get_text())

    def test_each_entry_links_to_its_change_form(self):
        _, soup = self.desk(self.editor)
        link = self.section(soup, "scheduled").select_one(".desk-headline")
        self.assertEqual(link["href"], reverse("admin:articles_article_change", args=[self.soon.pk]))

    def test_headline_escaped(self):
        make_article(headline="<b>Bold</b> & co", status="draft", publish_at=None, created_by=self.writer)
        response, _ = self.desk(self.writer)
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt; &amp; co")


class LinkTests(DeskTestCase):
    def assert_links_match_counts(self, user):
        """Each heading links to the story list, filtered to exactly the stories it counts."""
        client = self.client_for(user)
        soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
        sections = soup.select(".desk-section")
        self.assertEqual(len(sections), 6)
        for section in sections:
            href = section.h2.a["href"]
            self.assertTrue(href.startswith(CHANGELIST), href)
            response = client.get(href)
            self.assertEqual(response.status_code, 200, href)
            self.assertNotIn("e=1", response.url if hasattr(response, "url") else "")
            listed = {
                a.get_text()
                for a in BeautifulSoup(response.content, "html.parser").select(".field-headline a")
            }
            shown = {a.get_text() for a in section.select(".desk-headline")}
            self.assertEqual(listed, shown, href)
            self.assertEqual(
                str(response.context["cl"].result_count), section.select_one(".desk-count").get_text()
            )

    def test_writer_links(self):
        self.assert_links_match_counts(self.writer)

    def test_editor_links(self):
        self.assert_links_match_counts(self.editor)

    def test_owner_scope_in_links(self):
        _, soup = self.desk(self.writer)
        query = parse_qs(urlsplit(self.section(soup, "live").h2.a["href"]).query)
        self.assertEqual(query, {"visibility": ["live"], "owner": ["all"]})
        query = parse_qs(urlsplit(self.section(soup, "drafts").h2.a["href"]).query)
        self.assertEqual(query, {"status__exact": ["draft"], "owner": ["mine"]})


class BoundsTests(DeskTestCase):
    def test_long_sections_are_cut_with_a_link_to_all(self):
        for n in range(desk.SECTION_ROWS + 3):
            make_article(headline=f"Draft {n}", status="draft", publish_at=None, created_by=self.writer)
        _, soup = self.desk(self.writer)
        drafts = self.section(soup, "drafts")
        self.assertEqual(len(drafts.select(".desk-entry")), desk.SECTION_ROWS)
        self.assertEqual(self.count(soup, "drafts"), str(desk.SECTION_ROWS + 3 + 3))
        self.assertIn("See all", drafts.select_one(".desk-more").get_text())

    def test_counts_stop_at_the_cap(self):
        for n in range(5):
            make_article(headline=f"Live {n}")
        with mock.patch.object(desk, "COUNT_CAP", 3), mock.patch.object(desk, "LIVE_ROWS", 2):
            _, soup = self.desk(self.editor)
        self.assertEqual(self.count(soup, "live"), "3+")

    def test_queries_do_not_grow_with_the_stories(self):
        """Every section full, then twice as full: the same queries."""

        def count():
            cache.clear()  # Each count from cold: the bell keeps its count in the cache.
            client = self.client_for(self.editor)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(client.get(INDEX).status_code, 200)
            return len(queries)

        def add(start, stop):
            now = timezone.now()
            for n in range(start, stop):
                make_article(headline=f"Live {n}", publish_at=now - timedelta(minutes=n + 1))
                make_article(headline=f"Soon {n}", publish_at=now + timedelta(hours=n + 1))
                make_article(headline=f"Lifts {n}", embargo_until=later_today(now, n + 1))
                mine = make_article(
                    headline=f"Mine {n}", status="draft", publish_at=None, created_by=self.editor
                )
                submit(mine, self.editor)
                back = make_article(
                    headline=f"Back {n}", status="draft", publish_at=None, created_by=self.editor
                )
                submit(back, self.editor)
                return_to_draft(back, self.editor)

        add(0, desk.LIVE_ROWS + 1)
        before = count()
        add(desk.LIVE_ROWS + 1, 3 * desk.LIVE_ROWS)
        self.assertEqual(count(), before)


@pytest.mark.django_db
def test_desk_page_queries_are_bounded(django_assert_max_num_queries, client):
    """The desk costs at most a fixed number of queries with every section full."""
    editor = make_user("Editors")
    writer = make_user("Writers")
    now = timezone.now()
    for n in range(desk.SECTION_ROWS + 2):
        make_article(headline=f"Live {n}", publish_at=now - timedelta(minutes=n + 1))
        make_article(headline=f"Soon {n}", publish_at=now + timedelta(hours=n + 1))
        make_article(headline=f"Lifts {n}", embargo_until=later_today(now, n + 1))
        make_article(headline=f"Mine {n}", status="draft", publish_at=None, created_by=editor)
        story = make_article(headline=f"Sent {n}", status="draft", publish_at=None, created_by=writer)
        submit(story, writer)
        back = make_article(headline=f"Back {n}", status="draft", publish_at=None, created_by=editor)
        submit(back, editor)
        return_to_draft(back, editor)
    client.force_login(editor)
    # Session and user, permissions, 6 sections × (rows + count), the revisions' people.
    with django_assert_max_num_queries(18):
        response = client.get(INDEX)
    soup = BeautifulSoup(response.content, "html.parser")
    assert all(len(s.select(".desk-entry")) for s in soup.select(".desk-section"))


class GroupsTests(DeskTestCase):
    def boxes(self, soup):
        """{box caption: [model names]} of the index's boxes or the sidebar's."""
        return {
            caption.get_text(strip=True): [
                th.get_text(strip=True) for th in caption.find_parent("table").select("th[scope=row]")
            ]
            for caption in soup.select(".app-list caption, .desk-apps caption, #nav-sidebar caption")
        }

    def test_editor_sees_groups_with_settings(self):
        _, soup = self.desk(self.editor)
        boxes = self.boxes(soup)
        self.assertEqual(list(boxes)[:5], ["Stories", "Films & people", "Sources", "Media", "Settings"])
        self.assertEqual(boxes["Stories"][:2], ["All stories", "Editorial calendar"])
        self.assertIn("Images", boxes["Media"])
        self.assertIn("Films", boxes["Films & people"])

    def test_writer_sees_no_settings(self):
        _, soup = self.desk(self.writer)
        self.assertNotIn("Settings", self.boxes(soup))

    def test_inline_only_models_leave_the_index_and_sidebar(self):
        superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        client = self.client_for(superuser)
        hidden = {"Bylines", "Citations", "Films in this story", "Related links", "Credits", "Release dates"}
        for url in (INDEX, CHANGELIST, "/admin/articles/"):
            soup = BeautifulSoup(client.get(url).content, "html.parser")
            names = {name for models in self.boxes(soup).values() for name in models}
            self.assertTrue(names, url)
            self.assertFalse(hidden & names, url)

    def test_inline_only_models_stay_reachable(self):
        """Their lists still open, and the autocomplete their inlines use still answers."""
        client = self.client_for(self.editor)
        for name in ("byline", "citation", "articlefilm", "relatedlink", "credit", "releasedate"):
            self.assertEqual(client.get(reverse(f"admin:articles_{name}_changelist")).status_code, 200)
        author = make_author(name="Findable Author")
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "Findable"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r["id"] for r in response.json()["results"]], [str(author.pk)])

    def test_group_pages(self):
        client = self.client_for(self.editor)
        response = client.get(reverse("admin:model_group", args=["films-people"]))
        self.assertContains(response, "Films &amp; people")
        self.assertEqual(client.get("/admin/section/nothing/").status_code, 404)
        writer = self.client_for(self.writer)
        self.assertEqual(writer.get(reverse("admin:model_group", args=["settings"])).status_code, 404)

    def test_staff_without_stories_get_no_desk(self):
        user = get_user_model().objects.create_user("plain", password="pw", is_staff=True)
        response = self.client_for(user).get(INDEX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "desk-section")

    def test_superuser_gets_the_editor_desk(self):
        superuser = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
        _, soup = self.desk(superuser)
        self.assertEqual(len(soup.select(".desk-section")), 6)
        self.assertEqual(self.count(soup, "in_review"), "3")


class DeskFilterTests(DeskTestCase):
    def test_filter_choices_on_the_story_list(self):
        response = self.client_for(self.editor).get(CHANGELIST, {"desk": "next_48_hours", "owner": "all"})
        self.assertEqual([a.headline for a in response.context["cl"].result_list], ["Goes out soon"])

    def test_returned_is_the_latest_step(self):
        """A story returned, then resubmitted, is no longer "returned"; nor is a withdrawn one."""
        returned = desk.desk_filter(Article.objects.all(), "returned", timezone.now())
        self.assertCountEqual([a.headline for a in returned], ["Sent back to me", "Sent back to them"])
