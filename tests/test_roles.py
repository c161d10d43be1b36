"""The newsroom's roles as groups: Writers draft and submit, Editors edit anything and publish;
made by a migration, and made again by ensure_roles() on a database that lost them."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from articles.roles import EDITORS, WRITERS, create_roles, ensure_roles


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


class RolesTests(TestCase):
    def test_the_migration_made_both_groups(self):
        self.assertEqual(set(Group.objects.values_list("name", flat=True)), {WRITERS, EDITORS})

    def test_writers_draft_and_only_read_the_reference_data(self):
        writers = codenames(WRITERS)
        self.assertLessEqual(
            {("articles", "add_article"), ("articles", "change_article"), ("articles", "add_byline")}, writers
        )
        self.assertIn(("articles", "view_film"), writers)
        self.assertIn(("taggit", "view_tag"), writers)
        for refused in ("publish_article", "change_film", "add_correction", "add_previewlink"):
            with self.subTest(refused):
                self.assertNotIn(("articles", refused), writers)

    def test_editors_may_do_everything_the_desk_offers(self):
        """Every permission of every newsroom model with an admin page, publishing included."""
        offered = {
            (model._meta.app_label, f"{action}_{model._meta.model_name}")
            for label in ("articles", "taggit")
            for model in apps.get_app_config(label).get_models()
            if admin.site.is_registered(model)
            for action in ("add", "change", "delete", "view")
        }
        editors = codenames(EDITORS)
        self.assertLessEqual(offered, editors)
        self.assertIn(("articles", "publish_article"), editors)

    def test_lost_groups_are_made_again_with_their_permissions(self):
        """Made again, the groups have what the migrations gave them: no more, no less."""
        writers, editors = codenames(WRITERS), codenames(EDITORS)
        self.assertIn(("articles", "change_taggedstory"), editors, "models added after the roles too")
        Group.objects.all().delete()
        ensure_roles()
        self.assertEqual(codenames(WRITERS), writers)
        self.assertEqual(codenames(EDITORS), editors)

    def test_with_both_groups_there_nothing_is_changed(self):
        with self.assertNumQueries(1):
            ensure_roles()

    def test_making_the_roles_again_completes_and_never_duplicates(self):
        Group.objects.get(name=WRITERS).permissions.clear()
        create_roles(Group, Permission)
        create_roles(Group, Permission)
        self.assertEqual(Group.objects.filter(name__in=[WRITERS, EDITORS]).count(), 2)
        self.assertIn(("articles", "add_article"), codenames(WRITERS))
