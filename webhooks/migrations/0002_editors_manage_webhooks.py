"""Editors manage webhooks (articles.roles.EDITOR_APPS names the app); writers never see them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import create_roles


def give_editors_webhooks(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    create_permissions(global_apps.get_app_config("webhooks"), verbosity=0, apps=apps)
    create_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def take_them_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.all():
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="webhooks"))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("articles", "0016_roles_for_later_models"),
    ]

    operations = [migrations.RunPython(give_editors_webhooks, take_them_back)]
