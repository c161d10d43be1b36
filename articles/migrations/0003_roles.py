"""The newsroom's roles: Writers draft and submit; Editors edit anything and publish."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "view", "delete"],
        "byline": ["add", "change", "delete", "view"],
        "articlefilm": ["add", "change", "delete", "view"],
        "citation": ["add", "change", "delete", "view"],
        "relatedlink": ["add", "change", "delete", "view"],
        "image": ["add", "view"],
        "author": ["view"],
        "person": ["view"],
        "film": ["view"],
        "franchise": ["view"],
        "credit": ["view"],
        "releasedate": ["view"],
        "source": ["view"],
        "correction": ["view"],
    },
    "taggit": {"tag": ["view"]},
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for label in ("articles", "taggit"):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    writers, _ = Group.objects.get_or_create(name="Writers")
    for app_label, models in WRITER_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            writers.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=["articles", "taggit"]))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
