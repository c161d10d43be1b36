from bs4 import BeautifulSoup
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import TestCase

from articles.demo.load import DEMO_EDITOR
from articles.models import Article, Credit, Film, Person, RelatedLink, ReleaseDate, Source

FEATURETTE = "/articles/tom-cruise-halo-jump-featurette-mission-impossible-fallout/"
EXCLUSIVE = "/articles/tom-cruise-explains-halo-jump-mission-impossible-fallout-exclusive/"
MODELS = [Article, Film, Person, Source, Credit, ReleaseDate, RelatedLink]


class DemoLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))

    def snapshot(self):
        return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS} | {
            "updated": sorted(Article.objects.values_list("updated_at", flat=True))
        }

    def test_running_twice_changes_nothing(self):
        before = self.snapshot()
        call_command("load_demo", stdout=open("/dev/null", "w"))
        self.assertEqual(self.snapshot(), before)

    def test_demo_editor_can_log_in(self):
        user = authenticate(username=DEMO_EDITOR[0], password=DEMO_EDITOR[1])
        self.assertIsNotNone(user)
        self.assertTrue(user.is_staff)
        self.assertTrue(user.has_perm("articles.change_article"))

    def test_states_of_the_demo_stories(self):
        """The demo has four live stories, one scheduled and one draft."""
        self.assertEqual(Article.objects.live().count(), 4)
        self.assertEqual(Article.objects.scheduled().count(), 1)
        self.assertEqual(Article.objects.filter(status="draft").count(), 1)

    def test_fallout_film_data(self):
        """Fallout with its franchise, release dates and credits; the other films with their years."""
        fallout = Film.objects.get(slug="mission-impossible-fallout")
        self.assertEqual(fallout.franchise.name, "Mission: Impossible")
        self.assertEqual(fallout.installment, 6)
        dates = {(r.kind, r.date.isoformat()) for r in fallout.release_dates.all()}
        self.assertEqual(
            dates, {("theatrical", "2018-07-27"), ("digital", "2018-11-20"), ("physical", "2018-12-04")}
        )
        director = fallout.credits.get(role="director").person.name
        cast = set(fallout.credits.filter(role="cast").values_list("person__name", flat=True))
        self.assertEqual(director, "Christopher McQuarrie")
        self.assertLessEqual({"Tom Cruise", "Henry Cavill"}, cast)
        years = dict(Film.objects.values_list("slug", "year"))
        self.assertEqual(years["mission-impossible-ghost-protocol"], 2011)
        self.assertEqual(years["mission-impossible-rogue-nation"], 2015)
        self.assertEqual(years["the-mummy-2017"], 2017)

    def test_featurette_story_page(self):
        """The featurette shows its release dates box, Related and NEXT links, sources and facts."""
        response = self.client.get(FEATURETTE)
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        box = soup.select_one(".key-release-dates")
        self.assertEqual(box.h2.get_text(), "Key Release Dates")
        self.assertEqual(
            [t["datetime"] for t in box.select("time")], ["2018-07-27", "2018-11-20", "2018-12-04"]
        )
        related = soup.select_one(".related-inline").get_text(" ", strip=True)
        self.assertEqual(related, "Related: M:I – Fallout Trailer #2: Tom Cruise vs. Henry Cavill")
        self.assertEqual(
            soup.select_one(".next-link").get_text(" ", strip=True),
            "NEXT: M:I – Fallout Posters Assemble the Full Team",
        )
        self.assertEqual(
            [li.get_text(" ", strip=True) for li in soup.select(".citations li")],
            ["Source: Paramount , CinemaCon", "Via: Screen Rant"],
        )
        text = soup.select_one(".story-body").get_text(" ")
        for fact in ("25,000 feet", "2,000 feet", "100 times", "64 takes", "March 2017", "CinemaCon", "Wade"):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)

    def test_exclusive_story_page(self):
        """The exclusive shows its label, its clip, its Read more list and its facts."""
        soup = BeautifulSoup(self.client.get(EXCLUSIVE).content, "html.parser")
        self.assertIn("Exclusive", soup.select_one(".kicker").get_text())
        self.assertIsNotNone(soup.select_one(".clip a[href]"))
        read_more = soup.select_one(".read-more")
        self.assertEqual(read_more.h2.get_text(), "Read more from Yahoo Entertainment:")
        self.assertEqual(len(read_more.select("li")), 3)
        self.assertIn("Viola Davis", read_more.get_text())
        text = soup.select_one(".story-body").get_text(" ")
        for fact in ("365 days", "3 feet", "Craig O'Brien", "Nov. 20", "Dec. 4", "more than 100"):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)

    def test_scheduled_and_draft_stories_are_not_public(self):
        home = self.client.get("/").content.decode()
        for story in Article.objects.exclude(pk__in=Article.objects.live()):
            with self.subTest(story=story.slug):
                self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 404)
                self.assertNotIn(story.headline, home)
