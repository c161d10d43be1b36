"""Plain-text copy becomes a draft (importers.text): its words escaped, its markers as links,
citations, clip slots and the release-dates box, its films and people matched against our
records, and everything unknown listed on the draft for the editor, never invented."""

from datetime import date

from django.test import TestCase

from articles.admin.aids import prepublish_warnings
from articles.models import Article, Franchise, RelatedLink, ReleaseDate, Source, visible_links
from articles.models.links import PLACEHOLDER_URL
from desk.models import EditorialNote
from importers.text import CopyError, import_copy, read_copy
from tests.factories import make_article, make_author, make_film, make_person, make_release_date, make_user

# Copy in the shape wire copy and the seed stories arrive in; the words are ours.
COPY = """Cruise's Fallout jump gets a second look (exclusive)

A new behind-the-scenes reel for Mission: Impossible - Fallout walks through the skydive Tom Cruise rehearsed for a year. Director Christopher McQuarrie calls it "the hardest shot of my career."

Related: M:1 – Fallout: The Rooftop Chase Explained

The reel returns to the helicopter finale of M:I 6 and to the cargo-plane opening of Rogue Nation. Camera operator Craig O’Brien and stunt lead Dana Whitfield fell beside him on every take; O’Brien wore the camera.

Watch: McQuarrie talks through the jump
https://www.youtube.com/watch?v=abcdefghijk

Fans of The Mummy (2017) will remember its zero-gravity crash. <b>Not bold</b> & <script>alert(1)</script>

Watch: The plane sequence, frame by frame:

;

NEXT: A Story Nobody Wrote

Source: Paramount

Read more from Kinetic Weekly:

Ten stunts that went wrong

Why practical effects came back

Key Release Dates
Digital (US): Nov. 20, 2018
DVD, Blu-ray and 4K UHD: Dec. 4, 2018
Streaming: sometime soon"""  # noqa: E501


class TextImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        series = Franchise.objects.create(name="Mission: Impossible", slug="mission-impossible")
        cls.fallout = make_film(
            title="Mission: Impossible – Fallout", year=2018, franchise=series, installment=6
        )
        cls.rogue = make_film(
            title="Mission: Impossible – Rogue Nation", year=2015, franchise=series, installment=5
        )
        cls.mummy = make_film(title="The Mummy", year=2017)
        make_film(title="The Mummy", year=1999)
        make_release_date(cls.fallout, date=date(2018, 7, 27))
        cls.cruise = make_person(name="Tom Cruise")
        cls.mcquarrie = make_person(name="Christopher McQuarrie")
        cls.obrien = make_person(name="Craig O'Brien")
        cls.paramount = Source.objects.create(name="Paramount", slug="paramount")
        cls.chase = make_article(headline="M:I – Fallout: The Rooftop Chase Explained")
        cls.editor = make_user("Editors")
        cls.author = make_author(name="Eve Editor", user=cls.editor)

    def test_headline_paragraphs_and_words_kept_escaped(self):
        """The headline line becomes the headline ("(exclusive)" the Exclusive flag); each
        paragraph a paragraph with its words as typed; markup in the copy stays text."""
        story = import_copy(COPY, user=self.editor).story
        self.assertEqual(story.headline, "Cruise's Fallout jump gets a second look")
        self.assertTrue(story.is_exclusive)
        self.assertEqual(story.status, Article.Status.DRAFT)
        self.assertIn("Director Christopher McQuarrie calls it", story.body_text)
        self.assertIn("&lt;b&gt;Not bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;", story.body)
        self.assertNotIn("<script", story.body)
        self.assertNotIn("Related:", story.body_text)
        self.assertNotIn("Key Release Dates", story.body_text)
        self.assertEqual(story.created_by, self.editor)
        self.assertEqual([b.author for b in story.bylines.all()], [self.author])

    def test_films_and_people_matched_with_title_variants(self):
        """Films are found by title with any dash ("Mission: Impossible - Fallout"), by the
        franchise's initials and number ("M:I 6"), by subtitle ("Rogue Nation") and with their
        year ("The Mummy (2017)", one of two Mummies); people by their names, curly quotes or not."""
        imported = import_copy(COPY, user=self.editor)
        self.assertEqual(imported.films, [self.fallout, self.rogue, self.mummy])
        self.assertEqual(set(imported.story.films.all()), {self.fallout, self.rogue, self.mummy})
        self.assertEqual(set(imported.story.people.all()), {self.cruise, self.mcquarrie, self.obrien})

    def test_unmatched_names_are_listed_in_a_note_not_invented(self):
        """A name we have no record of is listed in an editorial note on the draft; no person or
        film is created for it. A surname alone after the full name is not listed."""
        story = import_copy(COPY, user=self.editor).story
        note = EditorialNote.objects.get(article=story)
        self.assertIn("“Dana Whitfield”", note.text)
        self.assertNotIn("“O’Brien”", note.text)
        self.assertNotIn("Tom Cruise", note.text)
        self.assertFalse(story.people.filter(name="Dana Whitfield").exists())
        self.assertEqual(note.author, self.editor)

    def test_ambiguous_title_is_listed(self):
        """ "The Mummy" without its year fits two films: neither is added; the note says so."""
        story = import_copy("Fans of The Mummy loved the crash.", user=self.editor).story
        self.assertFalse(story.films.exists())
        self.assertIn("“The Mummy” fits more than one", EditorialNote.objects.get(article=story).text)

    def test_related_link_to_our_story_after_its_paragraph(self):
        """ "Related:" links our story of that title, typed with a 1 for the I and another dash,
        after the paragraph it follows."""
        story = import_copy(COPY, user=self.editor).story
        link = story.related_links.get(placement=RelatedLink.Placement.INLINE)
        self.assertEqual(link.target_article, self.chase)
        self.assertEqual(link.after_paragraph, 1)

    def test_next_without_a_story_keeps_its_title_without_an_address(self):
        """A "NEXT:" title that is none of our stories is kept, its address a placeholder that
        readers never see and the checks before publishing name; the note lists it."""
        story = import_copy(COPY, user=self.editor).story
        link = story.related_links.get(placement=RelatedLink.Placement.NEXT)
        self.assertEqual(
            (link.title, link.url, link.target_article), ("A Story Nobody Wrote", PLACEHOLDER_URL, None)
        )
        self.assertNotIn(link, visible_links(list(story.related_links.all())))
        self.assertIn("link_without_address", [w.code for w in prepublish_warnings(story)])
        self.assertIn("NEXT: “A Story Nobody Wrote”", EditorialNote.objects.get(article=story).text)

    def test_next_to_an_existing_story(self):
        story = import_copy(
            "One paragraph.\n\nNEXT: m:i - fallout: the rooftop chase explained", user=self.editor
        ).story
        self.assertEqual(story.related_links.get().target_article, self.chase)

    def test_source_cited_and_created_once(self):
        """ "Source:" cites our source by name; a new outlet is created the first time and
        re-used the next."""
        first = import_copy(COPY, user=self.editor)
        self.assertEqual(list(first.story.citations.values_list("source", flat=True)), [self.paramount.pk])
        second = import_copy(COPY, user=self.editor)
        self.assertEqual(Source.objects.filter(name="Kinetic Weekly").count(), 1)
        outlets = set(
            second.story.related_links.filter(placement="read_more").values_list("source__name", flat=True)
        )
        self.assertEqual(outlets, {"Kinetic Weekly"})

    def test_read_more_titles_grouped_under_their_outlet(self):
        story = import_copy(COPY, user=self.editor).story
        titles = list(
            story.related_links.filter(placement=RelatedLink.Placement.READ_MORE).values_list(
                "title", flat=True
            )
        )
        self.assertEqual(titles, ["Ten stunts that went wrong", "Why practical effects came back"])

    def test_watch_slots(self):
        """A "Watch:" with its address becomes a caption and the clip's address alone in a
        paragraph (a body clip); one without an address keeps its caption, and is listed."""
        story = import_copy(COPY, user=self.editor).story
        self.assertIn(
            "<p><strong>Watch:</strong> McQuarrie talks through the jump</p>\n"
            "<p>https://www.youtube.com/watch?v=abcdefghijk</p>",
            story.body,
        )
        self.assertIn("<p><strong>Watch:</strong> The plane sequence, frame by frame</p>", story.body)
        self.assertNotIn(";", story.body_text.splitlines())
        self.assertIn(
            "“The plane sequence, frame by frame” has no clip", EditorialNote.objects.get(article=story).text
        )

    def test_key_release_dates(self):
        """The box shows the main film's dates (Fallout, named most); the dates typed in it are
        added to that film, matched to our kinds; what cannot be read is listed."""
        imported = import_copy(COPY, user=self.editor)
        boxed = {link.film: link.show_release_dates for link in imported.story.film_links.all()}
        self.assertEqual(boxed, {self.fallout: True, self.rogue: False, self.mummy: False})
        dates = {(r.kind, r.country.code, r.date, r.note) for r in self.fallout.release_dates.all()}
        self.assertEqual(
            dates,
            {
                ("theatrical", "US", date(2018, 7, 27), ""),
                ("digital", "US", date(2018, 11, 20), ""),
                ("physical", "US", date(2018, 12, 4), "DVD, Blu-ray and 4K UHD"),
            },
        )
        self.assertIn(
            "“Streaming: sometime soon” could not be read",
            EditorialNote.objects.get(article=imported.story).text,
        )

    def test_release_line_naming_its_film_and_a_differing_date(self):
        """A line naming its film puts that film in the box; a date that differs from ours is
        not overwritten but listed."""
        imported = import_copy(
            "Rogue Nation comes back.\n\nKey Release Dates\n"
            "Mission: Impossible – Fallout release date: Aug 3, 2018",
            user=self.editor,
        )
        shown = {link.film for link in imported.story.film_links.all() if link.show_release_dates}
        self.assertEqual(shown, {self.fallout})
        self.assertEqual(self.fallout.release_dates.get(kind="theatrical").date, date(2018, 7, 27))
        self.assertIn("differs from our records", EditorialNote.objects.get(article=imported.story).text)

    def test_a_writer_adds_no_sources_or_release_dates(self):
        """A writer's draft cites only sources we have and adds no release dates: what an editor
        must add is listed instead."""
        writer = make_user("Writers")
        story = import_copy(COPY, user=writer).story
        self.assertFalse(Source.objects.filter(name="Kinetic Weekly").exists())
        self.assertFalse(ReleaseDate.objects.filter(kind="digital").exists())
        note = EditorialNote.objects.get(article=story).text
        self.assertIn("“Kinetic Weekly” is not in our records", note)
        self.assertIn("an editor adds it on the film", note)

    def test_without_headline_line(self):
        """Copy starting with a paragraph gets its first words as a headline, and a note."""
        story = import_copy("Tom Cruise jumped out of a plane again, and this time it was filmed.").story
        self.assertTrue(story.headline.startswith("Tom Cruise jumped"))
        self.assertIn("no headline line", EditorialNote.objects.get(article=story).text)
        self.assertEqual(list(story.people.all()), [self.cruise])

    def test_same_headline_twice_gets_its_own_slug(self):
        first = import_copy("A headline\n\nA paragraph.").story
        second = import_copy("A headline\n\nA paragraph.").story
        self.assertNotEqual(first.slug, second.slug)

    def test_saved_through_the_write_path(self):
        """The draft has its search text, and a revision with its parts."""
        from reversion.models import Version

        story = import_copy(COPY, user=self.editor).story
        self.assertEqual(story.version, 1)
        self.assertEqual(
            Version.objects.get_for_object(story).get().revision.comment, "Made from plain text."
        )

    def test_bad_copy_is_refused(self):
        for data, message in [
            (b"", "empty"),
            (b"  \n\n ", "empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
            ("caf\u00e9".encode("latin-1"), "not UTF-8"),
            (b"a" * (256 * 1024 + 1), "too large"),
        ]:
            with self.subTest(message=message), self.assertRaisesMessage(CopyError, message):
                read_copy(data)
        with self.assertRaises(CopyError):
            import_copy(";\n\n;")
