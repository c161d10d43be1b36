"""The newsroom's roles: Writers draft and submit; Editors edit anything and publish."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITOR_APPS, EDITORS, WRITERS, create_roles


def add_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for label in EDITOR_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    create_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[WRITERS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(add_roles, remove_roles)]
