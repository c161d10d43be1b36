from datetime import UTC, date, datetime

from django.test import TestCase
from django.utils import timezone

from articles.models import (
    Article,
    ArticleFilm,
    Byline,
    Correction,
    Film,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
)
from articles.models.folding import attach, folded, record, unfold
from tests.factories import (
    add_byline,
    add_film,
    add_link,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
)


class FoldingTests(TestCase):
    def test_child_rows_come_back_as_model_instances_with_database_types(self):
        story = make_article()
        noted = datetime(2026, 3, 1, 14, 30, 15, 123456, tzinfo=UTC)
        Correction.objects.create(article=story, note="Second.", created_at=noted)
        Correction.objects.create(article=story, note="First.", created_at=datetime(2026, 2, 1, tzinfo=UTC))
        row = Article.objects.annotate(
            rows=folded(Correction.objects, "article", "id", "note", "created_at")
        ).get(pk=story.pk)

        notes = unfold(Correction, row.rows, order_by=["created_at", "id"])

        self.assertEqual([n.note for n in notes], ["First.", "Second."])
        self.assertEqual(notes[1].created_at, noted)
        self.assertTrue(timezone.is_aware(notes[1].created_at))
        self.assertIsInstance(notes[0].pk, int)

    def test_columns_left_out_take_their_defaults_each_its_own(self):
        first, second = unfold(Image, [{"id": 1, "title": "One"}, {"id": 2, "title": "Two"}])

        self.assertEqual((first.title, first.focal_x, first.renditions), ("One", 0.5, []))
        self.assertIsNot(first.renditions, second.renditions)

    def test_related_rows_through_a_join_and_dates(self):
        story = make_article()
        story.people.add(
            make_person(name="Zoe Bell", slug="zoe-bell"), make_person(name="Ann Lee", slug="ann")
        )
        film = make_film()
        make_release_date(film, date=date(2018, 7, 27), country="GB")
        make_release_date(film, kind=ReleaseDate.Kind.DIGITAL, date=None, precision=ReleaseDate.Precision.TBA)
        row = Article.objects.annotate(
            people_rows=folded(
                Article.people.through.objects,
                "article",
                id="person_id",
                name="person__name",
                slug="person__slug",
            ),
        ).get(pk=story.pk)
        dates = film.__class__.objects.annotate(
            rows=folded(ReleaseDate.objects, "film", "kind", "country", "date")
        ).get(pk=film.pk)

        people = unfold(Person, row.people_rows, order_by=["name"])
        releases = sorted(unfold(ReleaseDate, dates.rows), key=lambda d: d.kind)

        self.assertEqual([(p.name, p.get_absolute_url()) for p in people][0], ("Ann Lee", "/people/ann/"))
        self.assertEqual([r.date for r in releases], [None, date(2018, 7, 27)])
        self.assertEqual(releases[1].country.code, "GB")

    def test_a_parent_without_children_gets_an_empty_list(self):
        story = make_article()
        row = Article.objects.annotate(rows=folded(Correction.objects, "article", "note")).get(pk=story.pk)
        self.assertIsNone(row.rows)
        self.assertEqual(unfold(Correction, row.rows), [])


class NestedFoldingTests(TestCase):
    def test_records_and_lists_inside_rows(self):
        story = make_article()
        film = make_film(title="Fallout")
        make_release_date(film, date=date(2018, 7, 27), country="GB")
        add_film(story, film)
        row = Article.objects.annotate(
            rows=folded(
                ArticleFilm.objects,
                "article",
                "id",
                film=record("film", Film),
                dates=folded(ReleaseDate.objects, "film", "date", "country", outer="film_id"),
            )
        ).get(pk=story.pk)

        [link] = unfold(ArticleFilm, row.rows)

        self.assertEqual((link.film.pk, link.film.title, link.film_id), (film.pk, "Fallout", film.pk))
        # A list nested in a row stays a list on SQLite too; it is kept as it came.
        self.assertEqual(link.dates, [{"date": "2018-07-27", "country": "GB"}])

    def test_an_empty_relation_unfolds_to_none(self):
        story = make_article()
        add_link(story, url="https://example.com/", title="Elsewhere")
        row = Article.objects.annotate(
            rows=folded(RelatedLink.objects, "article", "id", "url", source=record("source", Source))
        ).get(pk=story.pk)
        [link] = unfold(RelatedLink, row.rows)
        self.assertIsNone(link.source)
        self.assertIsNone(link.source_id)

    def test_attached_lists_answer_without_a_query(self):
        story = make_article()
        author = make_author()
        add_byline(story, author)
        attach(story, "bylines", [Byline(id=1, article=story, author=author)])
        with self.assertNumQueries(0):
            self.assertEqual([b.author for b in story.bylines.all()], [author])
