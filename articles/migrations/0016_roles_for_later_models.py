"""The roles again, now that later migrations have added models (a story's tag links): the
groups get the permissions `ensure_roles()` gives on a new database, so both paths agree."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITOR_APPS, create_roles


def complete_roles(apps, schema_editor):
    for label in EDITOR_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    create_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_article_kind_publish_idx")]

    operations = [migrations.RunPython(complete_roles, migrations.RunPython.noop)]
