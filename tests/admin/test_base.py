"""What every newsroom admin shares: times entered and shown in the newsroom's zone, named under
every date-time field."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase, override_settings

from articles.admin.base import zone_note
from articles.models import Article


class ZoneNoteTests(TestCase):
    @override_settings(TIME_ZONE="Europe/London")
    def test_the_note_names_the_zone_of_the_moment(self):
        self.assertEqual(zone_note(), "Times are in the newsroom's time zone, Europe/London.")

    def test_every_date_time_field_of_the_story_form_names_the_zone(self):
        request = RequestFactory().get("/admin/articles/article/add/")
        request.user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        form = admin.site.get_model_admin(Article).get_form(request)()
        for name in ("publish_at", "expire_at", "embargo_until"):
            with self.subTest(name):
                self.assertTrue(
                    form.fields[name].help_text.endswith(zone_note()), form.fields[name].help_text
                )
        self.assertNotIn(zone_note(), form.fields["planned_for"].help_text, "a date has no time to place")
