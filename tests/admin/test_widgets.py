"""Autocomplete choosers survive forged values: a hand-made POST of "abc" where an id belongs is
the form's "Select a valid choice", never a 500, and nothing typed is lost."""

from django.apps import apps
from django.contrib import admin
from django.test import Client, TestCase

from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
from tests.factories import make_user


def errors(response):
    """The names of the story form's fields with errors."""
    return set(response.context["adminform"].form.errors)


class ForgedChooserValueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")

    def setUp(self):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.editor)

    def test_the_story_forms_choosers(self):
        for field, value in (
            ("lead_image", "abc"),
            ("people", "abc"),
            ("people", "1x"),
            ("lead_image", "9e9"),
        ):
            with self.subTest(field=field, value=value):
                data = article_post_data(headline="Typed before the forgery", **editor_fields())
                data[field] = value
                response = self.client.post(ADD_URL, data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, errors(response))
                self.assertContains(response, "Typed before the forgery")

    def test_an_inlines_chooser(self):
        data = article_post_data(headline="Typed before the forgery", **editor_fields())
        data |= {"bylines-TOTAL_FORMS": "1", "bylines-0-author": "abc", "bylines-0-order": "0"}
        response = self.client.post(ADD_URL, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("author", response.context["inline_admin_formsets"][0].formset.errors[0])

    def test_every_admin_and_inline_with_choosers_uses_the_safe_ones(self):
        from articles.admin.widgets import SafeInputMixin

        admins = [
            admin.site.get_model_admin(model)
            for model in apps.get_models()
            if admin.site.is_registered(model)
        ]
        with_choosers = [a for a in admins if a.autocomplete_fields] + [
            inline for a in admins for inline in a.inlines if inline.autocomplete_fields
        ]
        self.assertGreater(len(with_choosers), 10)
        for found in with_choosers:
            with self.subTest(found):
                cls = found if isinstance(found, type) else type(found)
                self.assertTrue(issubclass(cls, SafeInputMixin), cls)
