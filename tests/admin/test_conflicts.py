"""A save refused because a colleague saved first shows their change beside this editor's, merges
the fields only one side changed, and asks only about a field both changed."""

import reversion
from bs4 import BeautifulSoup
from django.test import Client, TestCase

from articles.models import Article
from tests.admin.helpers import article_post_data, change_url
from tests.factories import csrf_post, make_article, make_user
from tests.test_merging import save_with_revision


def form_values(response):
    """The refused form's inputs, as the browser would post them again (radios left unchosen)."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id="article_form")
    values = {}
    for element in form.find_all(["input", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "radio", "checkbox"):
            continue
        # A browser drops the newline that starts a textarea's content.
        values[name] = (
            element.text.removeprefix("\n") if element.name == "textarea" else element.get("value", "")
        )
    return values


class ConflictTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sam = make_user("Writers", first_name="Sam", last_name="Ortiz")
        cls.dana = make_user("Editors", first_name="Dana", last_name="Reyes")
        cls.story = make_article(
            status="draft",
            publish_at=None,
            created_by=cls.sam,
            headline="Base headline",
            dek="Base dek",
            body="<p>Base body</p>",
        )
        with reversion.create_revision():
            cls.story.save()

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.sam)
        # Sam opened the form at version 1; Dana saves meanwhile.
        self.opened = Article.objects.get(pk=self.story.pk)

    def dana_saves(self, **fields):
        save_with_revision(Article.objects.get(pk=self.story.pk), self.dana, **fields)

    def sam_saves(self, **fields):
        return csrf_post(self.client, change_url(self.story), article_post_data(self.opened, **fields))

    def post_again(self, refused, **extra):
        data = article_post_data(self.opened) | form_values(refused) | extra
        return csrf_post(self.client, change_url(self.story), data)

    def saved(self):
        return Article.objects.get(pk=self.story.pk)

    def test_refusal_shows_their_change_beside_mine_and_saves_nothing(self):
        self.dana_saves(dek="Dana's dek", body="<p>Dana's body</p>")
        response = self.sam_saves(headline="Sam's headline", body="<p>Sam's body</p>")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dana Reyes saved this story at")
        soup = BeautifulSoup(response.content, "html.parser")
        rows = {row.th.get_text(strip=True): row for row in soup.select(".merge-table tbody tr")}
        self.assertEqual(sorted(rows), ["Body", "Dek", "Headline"])
        self.assertIn("merge-theirs", rows["Dek"]["class"])
        self.assertIn("merge-mine", rows["Headline"]["class"])
        self.assertIn("merge-both", rows["Body"]["class"])
        self.assertEqual(len(rows["Body"].select("input[type=radio]")), 2)
        self.assertEqual(rows["Body"].select("ins")[0].get_text(), "Dana's")
        # Fields only they changed now hold their value in the form; mine keep mine.
        values = form_values(response)
        self.assertEqual(values["dek"], "Dana's dek")
        self.assertEqual(values["headline"], "Sam's headline")
        self.assertEqual(values["body"], "<p>Sam's body</p>")
        self.assertIn("Dek, Body", soup.select_one(".merge-overwrite").get_text())
        self.assertEqual(self.saved().headline, "Base headline")
        self.assertEqual(self.saved().dek, "Dana's dek")

    def test_a_field_both_changed_needs_a_choice_before_the_save_goes_through(self):
        self.dana_saves(dek="Dana's dek", body="<p>Dana's body</p>")
        refused = self.sam_saves(headline="Sam's headline", body="<p>Sam's body</p>")
        again = self.post_again(refused)
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "Choose whose version to keep (theirs or yours) for: Body")
        self.assertEqual(self.saved().headline, "Base headline")

    def test_choosing_theirs_merges_everything_else(self):
        self.dana_saves(dek="Dana's dek", body="<p>Dana's body</p>")
        refused = self.sam_saves(headline="Sam's headline", body="<p>Sam's body</p>")
        self.assertEqual(self.post_again(refused, _merge_choice_body="theirs").status_code, 302)
        saved = self.saved()
        self.assertEqual(
            (saved.headline, saved.dek, saved.body), ("Sam's headline", "Dana's dek", "<p>Dana's body</p>")
        )

    def test_choosing_mine(self):
        self.dana_saves(dek="Dana's dek", body="<p>Dana's body</p>")
        refused = self.sam_saves(headline="Sam's headline", body="<p>Sam's body</p>")
        self.assertEqual(self.post_again(refused, _merge_choice_body="mine").status_code, 302)
        saved = self.saved()
        self.assertEqual(
            (saved.headline, saved.dek, saved.body), ("Sam's headline", "Dana's dek", "<p>Sam's body</p>")
        )

    def test_the_deliberate_overwrite_saves_my_version_everywhere(self):
        self.dana_saves(dek="Dana's dek", body="<p>Dana's body</p>")
        refused = self.sam_saves(headline="Sam's headline", body="<p>Sam's body</p>")
        self.assertEqual(self.post_again(refused, _merge_overwrite="1").status_code, 302)
        saved = self.saved()
        self.assertEqual(
            (saved.headline, saved.dek, saved.body), ("Sam's headline", "Base dek", "<p>Sam's body</p>")
        )

    def test_without_overlap_the_merge_is_shown_once_then_saved(self):
        self.dana_saves(dek="Dana's dek")
        refused = self.sam_saves(headline="Sam's headline")
        self.assertEqual(refused.status_code, 200)
        self.assertNotContains(refused, 'type="radio"')
        self.assertEqual(self.post_again(refused).status_code, 302)
        saved = self.saved()
        self.assertEqual((saved.headline, saved.dek), ("Sam's headline", "Dana's dek"))

    def test_a_third_save_meanwhile_is_shown_again_from_the_same_base(self):
        self.dana_saves(dek="Dana's dek")
        refused = self.sam_saves(headline="Sam's headline")
        self.dana_saves(body="<p>Dana again</p>")
        again = self.post_again(refused)
        self.assertEqual(again.status_code, 200)
        rows = [
            row.th.get_text(strip=True)
            for row in BeautifulSoup(again.content, "html.parser").select(".merge-table tbody tr")
        ]
        self.assertEqual(sorted(rows), ["Body", "Dek", "Headline"])
        self.assertEqual(self.post_again(again).status_code, 302)
        saved = self.saved()
        self.assertEqual(
            (saved.headline, saved.dek, saved.body), ("Sam's headline", "Dana's dek", "<p>Dana again</p>")
        )

    def test_a_forged_choice_cannot_skip_the_version_check(self):
        """A merge base and choices posted with the old version are still a conflict."""
        self.dana_saves(body="<p>Dana's body</p>")
        response = self.sam_saves(body="<p>Sam's body</p>", _merge_base="1", _merge_choice_body="mine")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.saved().body, "<p>Dana's body</p>")
