"""The admins of a story's own rows (bylines, films, citations, links): whoever may not change the
story may not change its parts there either."""

from django.urls import reverse

from tests.admin.helpers import RoleTestCase
from tests.factories import add_byline, add_citation, csrf_post, make_author, make_source


def part_url(part, page="change"):
    opts = part._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[part.pk])


class StoryPartAdminTests(RoleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.author = make_author()
        cls.own = cls.draft(cls, cls.writer)
        cls.others = cls.draft(cls, cls.other_writer)
        cls.own_byline, cls.others_byline = (
            add_byline(cls.own, cls.author),
            add_byline(cls.others, cls.author),
        )

    def test_a_writer_changes_the_parts_of_their_own_draft_only(self):
        client = self.client_for(self.writer)
        own = client.get(part_url(self.own_byline))
        self.assertContains(own, 'name="_save"')
        others = client.get(part_url(self.others_byline))
        self.assertEqual(others.status_code, 200)
        self.assertNotContains(others, 'name="_save"')
        data = {"author": self.author.pk, "order": "5"}
        self.assertEqual(csrf_post(client, part_url(self.others_byline), data).status_code, 403)
        self.assertEqual(
            csrf_post(client, part_url(self.others_byline, "delete"), {"post": "yes"}).status_code, 403
        )
        self.others_byline.refresh_from_db()
        self.assertEqual(self.others_byline.order, 0)

    def test_only_editors_add_parts_outside_a_storys_form(self):
        url = reverse("admin:articles_citation_add")
        self.assertEqual(self.client_for(self.writer).get(url).status_code, 403)
        self.assertEqual(self.client_for(self.editor).get(url).status_code, 200)

    def test_editors_change_any_storys_parts_but_never_move_them_to_another_story(self):
        citation = add_citation(self.others, make_source())
        page = self.client_for(self.editor).get(part_url(citation))
        self.assertContains(page, 'name="_save"')
        self.assertNotContains(page, 'name="article"')
