"""Picking by sight and writing aids on the story form (articles.admin.choosers, articles.admin.aids):
the choosers' answers, the search by author, the writer's own byline, tag suggestions, the checks
before publishing, and library images in the body."""

import json
from datetime import timedelta
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import changes
from articles.admin.aids import prepublish_warnings
from articles.models import Article, Byline
from articles.sanitize import clean_html
from articles.search.indexing import refresh_search_vector
from tests.admin.helpers import (
    ADD_URL,
    CHANGELIST_URL,
    RoleTestCase,
    article_post_data,
    change_url,
)
from tests.factories import add_byline, add_link, csrf_post, library_image, make_article, make_author

CHOOSE_URL = "/admin/articles/article/choose/"


def choose(client, model_name, field_name, term="", app_label="articles"):
    response = client.get(
        CHOOSE_URL, {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
    )
    assert response.status_code == 200, response.status_code
    return response.json()["results"]


class ImageChooserTests(RoleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

    def setUp(self):
        self.image = library_image(title="Halo jump", credit="Courtesy of Paramount", alt_text="A skydiver")
        changes.save_image(self.image, remake_renditions=True)

    def test_results_carry_thumbnail_title_credit_and_size(self):
        """The lead image chooser's results show each image by its smallest stored rendition, with its
        title, credit and size; nothing is resized for the answer."""
        client = self.client_for(self.writer)
        [result] = choose(client, "article", "lead_image", "halo")
        self.assertEqual(result["id"], str(self.image.pk))
        self.assertEqual(result["title"], "Halo jump")
        self.assertEqual(result["credit"], "Courtesy of Paramount")
        self.assertEqual(result["size"], "2400 × 1600")
        self.assertIn("/renditions/", result["thumb"])
        self.assertTrue(result["thumb"].endswith("-320w.webp"))
        self.assertIn("social", result["social"])

    def test_search_inside_the_chooser_finds_by_credit(self):
        client = self.client_for(self.writer)
        self.assertEqual(
            [r["id"] for r in choose(client, "article", "lead_image", "paramount")], [str(self.image.pk)]
        )
        self.assertEqual(choose(client, "article", "lead_image", "nothing-like-it"), [])

    def test_the_film_poster_chooser_answers_the_same(self):
        client = self.client_for(self.editor)
        [result] = choose(client, "film", "poster", "halo")
        self.assertEqual(result["credit"], "Courtesy of Paramount")

    def test_the_chosen_image_is_drawn_with_its_details(self):
        """The story form's chosen lead image carries its thumbnail and credit for the chooser to draw,
        and the field offers the library's add form in a popup (upload from the chooser)."""
        story = make_article(status="draft", publish_at=None, created_by=self.writer, lead_image=self.image)
        response = self.client_for(self.writer).get(change_url(story))
        html = response.content.decode()
        self.assertIn('data-chooser="image"', html)
        self.assertIn(f'data-ajax--url="{CHOOSE_URL}"', html)
        details = json.loads(OptionDetails.of(html, "lead_image")[str(self.image.pk)])
        self.assertEqual(details["credit"], "Courtesy of Paramount")
        self.assertIn(f"{reverse('admin:articles_image_add')}?_to_field=id&amp;_popup=1", html)

    def test_refused_without_view_permission(self):
        response = self.client.get(
            CHOOSE_URL,
            {"app_label": "articles", "model_name": "article", "field_name": "lead_image", "term": ""},
        )
        self.assertEqual(response.status_code, 302)


class OptionDetails(HTMLParser):
    """The data-details of the chosen options of one select, by option value."""

    def __init__(self, name):
        super().__init__()
        self.name, self.inside, self.found = name, False, {}

    @classmethod
    def of(cls, html, name):
        parser = cls(name)
        parser.feed(html)
        return parser.found

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif tag == "option" and self.inside and "data-details" in attrs:
            self.found[attrs["value"]] = attrs["data-details"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False


class StoryChooserTests(RoleTestCase):
    def test_related_story_results_say_status_time_and_not_live(self):
        """The related link's story chooser shows each story's state and publish time, and warns
        when it is not live."""
        live = make_article(headline="Cruise jumps live")
        scheduled = make_article(headline="Cruise jumps later", publish_at=timezone.now() + timedelta(days=2))
        draft = make_article(headline="Cruise jumps draft", status="draft", publish_at=None)
        refresh_search_vector(live, scheduled, draft)  # As a save through the admin does.
        results = {
            r["id"]: r
            for r in choose(self.client_for(self.editor), "relatedlink", "target_article", "cruise")
        }
        self.assertEqual(results[str(live.pk)]["status"], "live")
        self.assertTrue(results[str(live.pk)]["live"])
        self.assertEqual(results[str(live.pk)]["warning"], "")
        self.assertEqual(results[str(scheduled.pk)]["status"], "scheduled")
        self.assertIn(
            str(timezone.localtime(scheduled.publish_at).year), results[str(scheduled.pk)]["published"]
        )
        self.assertEqual(results[str(draft.pk)]["status"], "draft")
        for story in (scheduled, draft):
            self.assertFalse(results[str(story.pk)]["live"])
            self.assertEqual(results[str(story.pk)]["warning"], "Not live: it will not show until it is.")

    def test_other_autocompletes_answer_as_django_does(self):
        make_author(name="Ann Writer")
        [result] = choose(self.client_for(self.editor), "byline", "author", "ann")
        self.assertEqual(set(result), {"id", "text"})


class SearchByAuthorTests(RoleTestCase):
    def test_story_search_finds_stories_by_author_name(self):
        author = make_author(name="Maria Okafor")
        theirs = make_article(headline="Stunts and more stunts")
        add_byline(theirs, author)
        make_article(headline="Someone else's story")
        response = self.client_for(self.editor).get(CHANGELIST_URL, {"q": "okafor", "owner": "all"})
        self.assertEqual(list(response.context["cl"].result_list), [theirs])


class OwnBylineTests(RoleTestCase):
    def test_new_story_form_starts_with_the_writers_own_byline(self):
        author = make_author(name="Wanda Writer", user=self.writer)
        response = self.client_for(self.writer).get(ADD_URL)
        formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "bylines")
        self.assertEqual([form.initial.get("author") for form in formset.formset.forms], [author.pk])

    def test_posting_the_prefilled_byline_saves_it(self):
        author = make_author(name="Wanda Writer", user=self.writer)
        data = article_post_data(
            **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk), "bylines-0-order": "0"}
        )
        response = csrf_post(self.client_for(self.writer), ADD_URL, data)
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(slug="a-headline")
        self.assertEqual(
            list(Byline.objects.filter(article=story).values_list("author", flat=True)), [author.pk]
        )

    def test_no_byline_row_for_someone_without_an_author_record(self):
        response = self.client_for(self.editor).get(ADD_URL)
        formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "bylines")
        self.assertEqual(len(formset.formset.forms), 0)

    def test_an_existing_story_is_not_given_one(self):
        make_author(user=self.writer)
        story = make_article(status="draft", publish_at=None, created_by=self.writer)
        response = self.client_for(self.writer).get(change_url(story))
        formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "bylines")
        self.assertEqual(len(formset.formset.forms), 0)


class TagSuggestionTests(RoleTestCase):
    def test_suggests_existing_tags_starting_then_containing(self):
        for name in ("Stunts", "Tom Cruise", "Practical stunts", "Sequels"):
            Tag.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        url = reverse("admin:articles_article_tag_suggestions")
        response = self.client_for(self.writer).get(url, {"q": "stu"})
        self.assertEqual(response.json(), {"tags": ["Stunts", "Practical stunts"]})
        self.assertEqual(self.client_for(self.writer).get(url, {"q": ""}).json(), {"tags": []})

    def test_the_tag_field_knows_where_to_ask(self):
        html = self.client_for(self.writer).get(ADD_URL).content.decode()
        self.assertIn(f'data-suggest-url="{reverse("admin:articles_article_tag_suggestions")}"', html)

    def test_not_for_readers(self):
        response = self.client.get(reverse("admin:articles_article_tag_suggestions"), {"q": "s"})
        self.assertEqual(response.status_code, 302)


class PrepublishTests(RoleTestCase):
    def codes(self, story):
        return [warning.code for warning in prepublish_warnings(story)]

    def test_a_complete_story_has_no_warnings(self):
        image = library_image(title="Halo jump", alt_text="A skydiver over the desert")
        story = make_article(status="draft", publish_at=None, dek="A dek.", lead_image=image)
        add_byline(story, make_author())
        add_link(story, target_article=make_article())
        self.assertEqual(self.codes(story), [])

    def test_each_gap_is_named(self):
        image = library_image(title="Halo jump", alt_text="Halo jump")
        story = make_article(status="draft", publish_at=None, dek="", headline="H" * 111, lead_image=image)
        add_link(story, target_article=make_article(status="draft", publish_at=None))
        self.assertEqual(
            self.codes(story), ["lead_image_alt", "no_byline", "long_headline", "empty_dek", "link_not_live"]
        )
        story.lead_image = None
        self.assertEqual(self.codes(story)[0], "no_lead_image")

    def test_shown_beside_the_buttons_and_not_blocking(self):
        """An editor sees the warnings on the form and can still publish."""
        story = make_article(status="draft", publish_at=None, dek="", created_by=self.writer)
        client = self.client_for(self.editor)
        html = client.get(change_url(story)).content.decode()
        self.assertIn("Check before publishing", html)
        self.assertIn('data-code="empty_dek"', html)
        self.assertIn('data-code="no_byline"', html)
        self.assertIn("saves and keeps editing", html)


class BodyImageTests(RoleTestCase):
    def setUp(self):
        self.image = library_image(title="Halo jump", credit="Courtesy of Paramount", alt_text="A skydiver")
        changes.save_image(self.image, remake_renditions=True)

    def test_the_sanitizer_keeps_only_an_image_id(self):
        kept = clean_html(
            f'<figure data-image="{self.image.pk}" onclick="x"><img src="https://x.test/a.jpg">'
            "<figcaption>Over <em>the</em> desert</figcaption></figure>"
        )
        self.assertEqual(
            kept,
            f'<figure data-image="{self.image.pk}">'
            "<figcaption>Over <em>the</em> desert</figcaption></figure>",
        )
        self.assertEqual(clean_html('<figure data-image="1 or 2">x</figure>'), "<figure>x</figure>")

    def test_the_story_page_draws_the_image_from_its_renditions(self):
        story = make_article(
            body=f'<p>Before.</p><figure data-image="{self.image.pk}">'
            "<figcaption>Over the desert</figcaption></figure>"
        )
        html = self.client.get(story.get_absolute_url()).content.decode()
        self.assertIn('<figure class="body-image">', html)
        self.assertIn("-320w.webp 320w", html)
        self.assertIn('alt="A skydiver"', html)
        self.assertIn('Over the desert <span class="credit">Courtesy of Paramount</span>', html)

    def test_a_deleted_image_leaves_nothing_behind(self):
        story = make_article(
            body='<p>Before.</p><figure data-image="999999"><figcaption>Gone</figcaption></figure>'
        )
        html = self.client.get(story.get_absolute_url()).content.decode()
        self.assertNotIn("Gone", html)
        self.assertIn("Before.", html)

    def test_the_editor_knows_the_bodys_images(self):
        story = make_article(
            status="draft",
            publish_at=None,
            created_by=self.writer,
            body=f'<figure data-image="{self.image.pk}"><figcaption>x</figcaption></figure>',
        )
        html = self.client_for(self.writer).get(change_url(story)).content.decode()
        self.assertIn("data-story-images=", html)
        self.assertIn("Courtesy of Paramount", html)
        self.assertIn("js/body-editor.js", html)
