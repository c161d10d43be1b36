"""Editors make API tokens: the Editors group gets the API's permissions (writers none)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITORS


def grant_editors(apps, schema_editor):
    create_permissions(global_apps.get_app_config("api"), verbosity=0, apps=apps)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="api"))


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial"), ("articles", "0016_roles_for_later_models")]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
