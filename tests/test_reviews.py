"""Critics' reviews: the film and rating a review must have, the newsroom's scale, the rating shown
accessibly on the page with the verdict and where to watch, the Review search engines read, the
film's list of our reviews and their average, the reviews list with its filter and its feeds."""

from datetime import date, timedelta
from decimal import Decimal

import extruct
import feedparser
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from articles import changes
from articles.models import Article, ArticleFilm, Credit
from articles.models.reviews import RatingScale, rated, review_errors
from tests.admin.helpers import ADD_URL, RoleTestCase, article_post_data, editor_fields
from tests.factories import (
    add_byline,
    csrf_post,
    library_image,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
    make_review,
    visibility_states,
)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


class RatingScaleTests(TestCase):
    def test_default_scale_is_zero_to_five_in_halves(self):
        """Out of the box a critic rates 0 to 5 in halves: 3.5 is allowed, 3.3 and 5.5 are not."""
        scale = RatingScale(best=Decimal(5), step=Decimal("0.5"))
        self.assertEqual(str(scale), "0 to 5, in steps of 0.5")
        self.assertTrue(scale.allows(Decimal("3.5")))
        self.assertTrue(scale.allows(Decimal(0)))
        self.assertFalse(scale.allows(Decimal("3.3")))
        self.assertFalse(scale.allows(Decimal("5.5")))

    def test_ten_point_scale(self):
        scale = RatingScale(best=Decimal(10), step=Decimal(1))
        self.assertEqual(str(scale), "0 to 10")
        self.assertTrue(scale.allows(Decimal(8)))
        self.assertFalse(scale.allows(Decimal("8.5")))

    def test_rated_gives_plain_numbers_and_the_share_of_stars(self):
        shown = rated(Decimal("4.0"))
        self.assertEqual((shown.value, shown.best, shown.percent), ("4", "5", 80.0))
        self.assertEqual(str(rated(Decimal("3.5"))), "3.5 out of 5")
        self.assertIsNone(rated(None))

    @override_settings(NEWSROOM_RATING_BEST=Decimal(10), NEWSROOM_RATING_STEP=Decimal(1))
    def test_scale_follows_settings(self):
        self.assertEqual(str(rated(Decimal(7))), "7 out of 10")
        self.assertEqual(rated(Decimal(7)).percent, 70.0)


class ReviewRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout")

    def story(self, **fields):
        return Article(headline="H", slug="h", body="<p>x</p>", **fields)

    def test_a_review_names_its_film(self):
        errors = review_errors(self.story(kind="review"))
        self.assertEqual(list(errors), ["reviewed_film"])

    def test_a_published_review_needs_a_rating_a_draft_does_not(self):
        draft = self.story(kind="review", reviewed_film=self.film, status="draft")
        self.assertEqual(review_errors(draft), {})
        published = self.story(kind="review", reviewed_film=self.film, status="published")
        self.assertIn("rating", review_errors(published))
        self.assertIn("0 to 5, in steps of 0.5", review_errors(published)["rating"])

    def test_rating_off_the_scale_is_refused(self):
        for rating in ("5.5", "3.3", "-1"):
            with self.subTest(rating=rating):
                story = self.story(kind="review", reviewed_film=self.film, rating=Decimal(rating))
                self.assertIn("rating", review_errors(story))

    def test_only_a_review_has_a_film_reviewed_or_a_rating(self):
        story = self.story(kind="news", reviewed_film=self.film, rating=Decimal(3), verdict="Fine")
        self.assertEqual(set(review_errors(story)), {"reviewed_film", "rating", "verdict"})
        with self.assertRaises(ValidationError):
            story.clean()

    def test_the_database_refuses_a_rating_on_another_kind(self):
        from django.db import IntegrityError, transaction

        with self.assertRaises(IntegrityError), transaction.atomic():
            make_article(kind="news", rating=Decimal(3))

    def test_the_write_path_adds_the_reviewed_film_to_the_story_films_once(self):
        review = make_review(self.film)
        changes.save_story(review)
        self.assertEqual(
            list(ArticleFilm.objects.filter(article=review).values_list("film", flat=True)), [self.film.pk]
        )


class ReviewFormTests(RoleTestCase):
    def test_editor_sees_the_scale_and_saves_a_review_with_the_film_also_in_the_inline(self):
        """The form names the scale; saving a review whose film the editor also added as a story
        film keeps one link (the write path adds the reviewed film only after the inlines)."""
        film = make_film(title="Fallout")
        client = self.client_for(self.editor)
        form = soup_of(client.get(ADD_URL))
        rating = form.select_one("input[name=rating]")
        self.assertEqual((rating["min"], rating["max"], rating["step"]), ("0", "5", "0.5"))
        self.assertIn("from 0 to 5, in steps of 0.5", form.get_text())
        data = article_post_data(
            kind="review",
            reviewed_film=str(film.pk),
            rating="4.5",
            verdict="A thrill.",
            **editor_fields(),
        )
        data |= {
            "film_links-TOTAL_FORMS": "1",
            "film_links-0-film": str(film.pk),
            "film_links-0-order": "0",
            "film_links-0-show_release_dates": "on",
        }
        response = csrf_post(client, ADD_URL, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        story = Article.objects.get(slug="a-headline")
        self.assertEqual((story.reviewed_film, story.rating), (film, Decimal("4.5")))
        self.assertEqual(ArticleFilm.objects.filter(article=story).count(), 1)

    def test_a_rating_off_the_scale_is_a_form_error_and_the_text_survives(self):
        film = make_film()
        client = self.client_for(self.editor)
        data = article_post_data(
            kind="review",
            reviewed_film=str(film.pk),
            rating="7",
            body="<p>Every word kept.</p>",
            **editor_fields(),
        )
        response = csrf_post(client, ADD_URL, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Rate the film from 0 to 5, in steps of 0.5.")
        self.assertContains(response, "Every word kept.")
        self.assertFalse(Article.objects.filter(slug="a-headline").exists())


class ReviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.director = make_person(name="Christopher McQuarrie", slug="christopher-mcquarrie")
        cls.film = make_film(
            title="Mission: Impossible – Fallout",
            slug="fallout",
            year=2018,
            poster=library_image(name="poster.jpg", title="Fallout poster"),
        )
        Credit.objects.create(film=cls.film, person=cls.director, role="director")
        make_release_date(cls.film, date=date(2018, 7, 27))
        make_release_date(cls.film, kind="digital", date=timezone.localdate() + timedelta(days=10))
        cls.critic = make_author(name="Robin Critic", slug="robin-critic")
        cls.review = make_review(
            cls.film,
            rating="4.5",
            headline="Fallout review: the stunts earn every minute",
            verdict="The best of the series.",
            pros="The helicopter chase\nThe HALO jump",
            cons="A talky middle",
        )
        add_byline(cls.review, cls.critic)

    def test_page_shows_rating_in_stars_and_text_verdict_pros_cons_and_where_to_watch(self):
        soup = soup_of(self.client.get(self.review.get_absolute_url()))
        rating = soup.select_one(".review-summary .rating")
        self.assertEqual(rating.select_one(".rating-text").get_text(), "4.5 out of 5")
        stars = rating.select_one("svg")
        self.assertEqual(stars["aria-hidden"], "true")
        self.assertEqual(stars.select_one("clipPath rect")["width"], "108.0")
        self.assertEqual(soup.select_one(".verdict").get_text(), "The best of the series.")
        self.assertEqual(
            [li.get_text() for li in soup.select(".pros li")], ["The helicopter chase", "The HALO jump"]
        )
        self.assertEqual([li.get_text() for li in soup.select(".cons li")], ["A talky middle"])
        self.assertIn("directed by Christopher McQuarrie", soup.select_one(".reviewed").get_text())
        where = soup.select_one(".where-to-watch")
        self.assertIn("Digital", where.get_text())
        self.assertIn("Upcoming", where.get_text())
        # The reviewed film's dates are not shown twice as Key Release Dates.
        self.assertIsNone(soup.select_one(".key-release-dates"))

    def test_search_engines_read_a_critic_review(self):
        """Parsed as a structured-data extractor does: a Review of a Movie (name, director, image
        when it has a poster, date), its rating with best and worst, the critic as a Person with
        a URL, the publisher, and breadcrumbs through Reviews."""
        response = self.client.get(self.review.get_absolute_url())
        data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])
        items = {item["@type"]: item for item in data["json-ld"]}
        review = items["Review"]
        self.assertEqual(review["itemReviewed"]["@type"], "Movie")
        self.assertEqual(review["itemReviewed"]["name"], "Mission: Impossible – Fallout")
        self.assertEqual(review["itemReviewed"]["director"][0]["name"], "Christopher McQuarrie")
        self.assertEqual(review["itemReviewed"]["datePublished"], "2018-07-27")
        self.assertEqual(review["itemReviewed"]["image"], f"http://testserver{self.film.poster.file.url}")
        self.assertEqual(
            review["reviewRating"],
            {"@type": "Rating", "ratingValue": "4.5", "bestRating": "5", "worstRating": "0"},
        )
        self.assertEqual(
            review["author"],
            [{"@type": "Person", "name": "Robin Critic", "url": "http://testserver/authors/robin-critic/"}],
        )
        self.assertEqual(review["publisher"]["@type"], "NewsMediaOrganization")
        self.assertTrue(review["datePublished"])
        crumbs = [item["name"] for item in items["BreadcrumbList"]["itemListElement"]]
        self.assertEqual(crumbs[1], "Reviews")
        self.assertEqual(items["NewsArticle"]["headline"], self.review.headline)

    def test_film_page_lists_our_reviews_and_their_average(self):
        second = make_review(self.film, rating="3.5")
        make_review(self.film, rating="1", status="draft")
        soup = soup_of(self.client.get(self.film.get_absolute_url()))
        reviews = soup.select(".film-reviews .review-list li")
        self.assertEqual(len(reviews), 2)
        self.assertEqual(reviews[0].select_one("a").get_text(), second.headline)
        self.assertIn("4 out of 5", soup.select_one(".film-reviews .average").get_text())
        data = extruct.extract(soup.decode(), syntaxes=["json-ld"])["json-ld"]
        movie = next(item for item in data if item["@type"] == "Movie")
        self.assertEqual(len(movie["review"]), 2)


class ReviewListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout")
        make_article(headline="Plain news")
        cls.states = {}
        for state, fields in visibility_states().items():
            fields = {**fields, "headline": f"The {state} review"}
            if fields["status"] != "published":
                fields["rating"] = Decimal(2)
            cls.states[state] = make_review(cls.film, **fields)
        cls.top = make_review(cls.film, rating="5", headline="Top marks")

    def test_lists_live_reviews_only_with_their_ratings(self):
        soup = soup_of(self.client.get("/reviews/"))
        titles = [a.get_text() for a in soup.select(".card-title a")]
        self.assertEqual(titles, ["Top marks", "The live review"])
        self.assertEqual(soup.select_one(".card .rating-text").get_text(), "5 out of 5")

    def test_filter_by_rating(self):
        soup = soup_of(self.client.get("/reviews/?rating=5"))
        self.assertEqual([a.get_text() for a in soup.select(".card-title a")], ["Top marks"])
        self.assertEqual(soup.select_one("select[name=rating] option[selected]")["value"], "5")

    def test_bad_rating_is_a_400_with_the_form_message(self):
        for value in ("9", "abc", "%00"):
            with self.subTest(value=value):
                response = self.client.get("/reviews/", {"rating": value})
                self.assertEqual(response.status_code, 400)
                self.assertIn("form-error", response.content.decode())

    @override_settings(NEWSROOM_PAGE_SIZE=1)
    def test_older_pages_keep_the_filter(self):
        make_review(
            self.film, rating="5", headline="Older top marks", publish_at=timezone.now() - timedelta(days=3)
        )
        soup = soup_of(self.client.get("/reviews/?rating=5"))
        older = soup.select_one("a[rel=next]")["href"]
        self.assertIn("rating=5", older)
        page = soup_of(self.client.get(f"/reviews/{older}"))
        self.assertEqual([a.get_text() for a in page.select(".card-title a")], ["Older top marks"])

    def test_feeds_hold_live_reviews_with_their_ratings(self):
        for url in ("/reviews/feed/", "/reviews/feed/atom/"):
            with self.subTest(url=url):
                feed = feedparser.parse(self.client.get(url).content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual([entry.title for entry in feed.entries], ["Top marks", "The live review"])
                self.assertIn("Review of Fallout, rated 5 out of 5.", feed.entries[0].summary)
