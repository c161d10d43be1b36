"""What every newsroom admin shares: times entered and shown in the newsroom's zone, named under
every date-time field."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, TestCase, override_settings

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


class DateDrillDownTests(TestCase):
    def test_a_year_outside_the_newsrooms_is_refused_as_a_bad_filter(self):
        """The admin's drill-down by publish time (stories) and by date (release dates) answers a
        year it cannot show as it answers any bad filter: back to the list, flagged."""
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("chief", "chief@example.com", "pw"))
        for url, field in (
            ("/admin/articles/article/", "publish_at"),
            ("/admin/articles/releasedate/", "date"),
        ):
            for year in ("9999", "1", "2200"):
                with self.subTest(url=url, year=year):
                    response = client.get(url, {f"{field}__year": year, f"{field}__month": "12"})
                    self.assertRedirects(response, f"{url}?e=1", fetch_redirect_response=False)
            with self.subTest(url=url, year="2018"):
                self.assertEqual(client.get(url, {f"{field}__year": "2018"}).status_code, 200)
