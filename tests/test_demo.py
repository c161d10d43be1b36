import tempfile
from datetime import date, timedelta
from decimal import Decimal

from bs4 import BeautifulSoup
from django.contrib.auth import authenticate
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db.models import Q
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from articles.demo.load import DEMO_EDITOR, load_demo, on_rating_scale, upcoming_days
from articles.models import (
    Article,
    ArticleFilm,
    Credit,
    Film,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
)
from articles.models.reviews import rating_scale
from articles.releases import MONTH, WEEK, Period, calendar_page

FEATURETTE = "/articles/tom-cruise-halo-jump-featurette-mission-impossible-fallout/"
EXCLUSIVE = "/articles/tom-cruise-explains-halo-jump-mission-impossible-fallout-exclusive/"
MODELS = [Article, ArticleFilm, Film, Person, Source, Credit, ReleaseDate, RelatedLink, Image]


class DemoLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The posters' files go to a folder of this class's own (each test gets a fresh MEDIA_ROOT).
        cls.media_root = cls.enterClassContext(tempfile.TemporaryDirectory())
        with override_settings(MEDIA_ROOT=cls.media_root):
            call_command("load_demo", stdout=open("/dev/null", "w"))

    def snapshot(self):
        return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS} | {
            "updated": sorted(Article.objects.values_list("updated_at", flat=True)),
            "release dates": sorted(ReleaseDate.objects.values_list("pk", "date", "precision")),
            "posters": sorted(Film.objects.values_list("pk", "poster")),
        }

    def test_running_twice_changes_nothing(self):
        before = self.snapshot()
        call_command("load_demo", stdout=open("/dev/null", "w"))
        self.assertEqual(self.snapshot(), before)

    def test_loading_again_on_a_later_day_changes_nothing(self):
        """Upcoming releases keep the days they were first loaded on: no second copy, no move."""
        before = self.snapshot()
        load_demo(today=timezone.localdate() + timedelta(days=45))
        self.assertEqual(self.snapshot(), before)

    def test_an_older_demo_gains_posters_and_upcoming_releases(self):
        """A demo loaded before films had posters and upcoming releases gets them on its next load."""
        today = timezone.localdate()
        upcoming = ReleaseDate.objects.filter(Q(date__year__gte=today.year) | Q(date=None))
        fields = ("film__slug", "kind", "country", "note", "date", "precision")
        loaded = set(upcoming.values_list(*fields))
        Film.objects.update(poster=None)
        upcoming.delete()
        load_demo(today=today)
        self.assertFalse(Film.objects.filter(poster=None).exists())
        self.assertEqual(set(upcoming.values_list(*fields)), loaded)
        self.assertEqual(len(loaded), 10)

    def test_demo_editor_can_log_in(self):
        user = authenticate(username=DEMO_EDITOR[0], password=DEMO_EDITOR[1])
        self.assertIsNotNone(user)
        self.assertTrue(user.is_staff)
        self.assertTrue(user.has_perm("articles.change_article"))

    def test_states_of_the_demo_stories(self):
        """The demo has five live stories, one scheduled and one draft."""
        self.assertEqual(Article.objects.live().count(), 5)
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

    def test_review_is_live_rated_and_about_its_film(self):
        """The critic's review of Fallout is live with a byline, rated on the newsroom's scale, with
        its verdict, pros and cons, and the film it reviews among its films."""
        review = Article.objects.live().get(kind=Article.Kind.REVIEW)
        fallout = Film.objects.get(slug="mission-impossible-fallout")
        self.assertEqual(review.reviewed_film, fallout)
        self.assertTrue(rating_scale().allows(review.rating))
        self.assertEqual(review.rating, Decimal("4.5"))
        self.assertTrue(review.verdict)
        self.assertEqual(len(review.pros.splitlines()), 3)
        self.assertEqual(len(review.cons.splitlines()), 2)
        self.assertEqual(list(review.bylines.values_list("author__name", flat=True)), ["Sam Ortiz"])
        self.assertEqual(list(review.film_links.values_list("film", flat=True)), [fallout.pk])
        review.full_clean()
        response = self.client.get(review.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.h1.get_text(strip=True), review.headline)
        related = soup.select_one(".related-inline").get_text(" ", strip=True)
        self.assertIn("New Fallout featurette shows how Tom Cruise pulled off his HALO jump", related)

    def test_upcoming_releases_are_ahead_of_the_load_day(self):
        """Releases still to come, in several countries and formats, at every precision, each on
        a film a live story is about."""
        today = timezone.localdate()
        upcoming = [release for release in ReleaseDate.objects.all() if release.is_upcoming(today)]
        self.assertTrue(any(release.date and release.date > today for release in upcoming))
        self.assertLessEqual({"US", "GB", "FR"}, {release.country.code for release in upcoming})
        self.assertLessEqual(
            {"theatrical", "digital", "streaming", "physical"}, {release.kind for release in upcoming}
        )
        self.assertEqual({"day", "month", "year", "tba"}, {release.precision for release in upcoming})
        self.assertIn("4K UHD, Blu-ray and DVD", {release.note for release in upcoming})
        live_films = set(Article.objects.live().values_list("film_links__film", flat=True))
        self.assertLessEqual({release.film_id for release in upcoming}, live_films)

    def test_calendar_has_releases_this_week(self):
        """The release calendar's default choice (this week, in the US) has releases on days of
        this week, today or later, and one still to be announced; in every country, one known
        only to the year as well."""
        today = timezone.localdate()
        days, undated = calendar_page(Period.containing(WEEK, today), "US", (), today)
        dated = [day.day for day in days]
        self.assertTrue(dated)
        self.assertTrue(all(Period.containing(WEEK, today).holds(day) for day in dated))
        self.assertTrue(any(day >= today for day in dated))
        self.assertEqual({release.precision for release in undated}, {"tba"})
        _, undated = calendar_page(Period.containing(WEEK, today), None, (), today)
        self.assertEqual({release.precision for release in undated}, {"year", "tba"})

    def test_calendar_has_releases_this_month_and_the_next_two(self):
        """This month's calendar has a release today or later; the next two months have releases."""
        today = timezone.localdate()
        month = Period.containing(MONTH, today)
        for period in (month, month.after(), month.after().after()):
            with self.subTest(period=str(period)):
                days, _ = calendar_page(period, None, (), today)
                dated = [release.date for day in days for release in day.releases]
                self.assertTrue(dated)
                self.assertTrue(all(period.holds(day) for day in dated))
                self.assertTrue(any(day >= today for day in dated))

    def test_every_film_has_a_poster_with_renditions(self):
        """Each demo film has a drawn poster in the image library, with its renditions stored."""
        storage = FileSystemStorage(location=self.media_root)
        for film in Film.objects.select_related("poster"):
            with self.subTest(film=film.slug):
                poster = film.poster
                self.assertIsNotNone(poster)
                self.assertEqual((poster.width, poster.height), (800, 1200))
                self.assertIn(film.title, poster.alt_text)
                self.assertTrue(storage.exists(poster.file.name))
                kinds = {(rendition["kind"], rendition["format"]) for rendition in poster.renditions}
                self.assertLessEqual({("width", "webp"), ("width", "jpeg"), ("social", "jpeg")}, kinds)
                for rendition in poster.renditions:
                    self.assertTrue(storage.exists(rendition["name"]))


class UpcomingDaysTests(SimpleTestCase):
    def test_days_fall_where_their_names_say(self):
        """From every day of a year: this week's release is this week and not before today, next
        week's is next week, this month's later this month, and the month ones in the months after."""
        for offset in range(366):
            today = date(2027, 1, 1) + timedelta(days=offset)
            with self.subTest(today=today):
                days = upcoming_days(today)
                week, month = Period.containing(WEEK, today), Period.containing(MONTH, today)
                self.assertTrue(week.holds(days["this week"]) and days["this week"] >= today)
                self.assertTrue(week.after().holds(days["next week"]))
                self.assertTrue(month.holds(days["later this month"]) and days["later this month"] >= today)
                self.assertTrue(month.after().holds(days["next month"]))
                self.assertTrue(month.after().after().holds(days["in two months"]))
                self.assertTrue(month.after().after().after().holds(days["in three months"]))
                self.assertEqual(days["this year"].year, today.year)

    def test_rating_on_the_newsrooms_scale(self):
        """A rating out of 5 lands on the nearest step of the newsroom's scale."""
        self.assertEqual(on_rating_scale(Decimal("4.5"), out_of=5), Decimal("4.5"))
        with override_settings(NEWSROOM_RATING_BEST=Decimal(10), NEWSROOM_RATING_STEP=Decimal(1)):
            self.assertEqual(on_rating_scale(Decimal("4.5"), out_of=5), 9)
        with override_settings(NEWSROOM_RATING_BEST=Decimal(4), NEWSROOM_RATING_STEP=Decimal(1)):
            self.assertEqual(on_rating_scale(Decimal("4.5"), out_of=5), 4)
