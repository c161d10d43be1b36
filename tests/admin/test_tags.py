"""Tags in the admin, as stories carry them: each with the number of its stories, and none of
django-taggit's own inline and merge action, which work on a table stories do not use."""

from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag

from articles.admin.tags import TagAdmin
from tests.factories import make_article


class TagAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        for _ in range(2):
            make_article().tags.add("Stunts")
        make_article(status="draft", publish_at=None).tags.add("Stunts", "Trailers")
        Tag.objects.create(name="Unused", slug="unused")

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_list_counts_each_tags_stories(self):
        soup = BeautifulSoup(self.client.get(reverse("admin:taggit_tag_changelist")).content, "html.parser")
        counts = {
            row.select_one("th a").get_text(): row.select_one("td.field-story_count").get_text()
            for row in soup.select("#result_list tbody tr")
        }
        self.assertEqual(counts, {"Stunts": "3", "Trailers": "1", "Unused": "0"})

    def test_taggits_own_admin_is_replaced(self):
        model_admin = admin.site.get_model_admin(Tag)
        self.assertIsInstance(model_admin, TagAdmin)
        self.assertFalse(model_admin.inlines)
        tag = Tag.objects.get(name="Stunts")
        page = self.client.get(reverse("admin:taggit_tag_change", args=[tag.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("render_tag_form", model_admin.get_actions(page.wsgi_request))
