"""The newsroom's roles as Django groups: Writers draft and submit; Editors edit anything and publish.

The data migration creates them; `ensure_roles` re-creates them on a database
that lost them (after a flush, say), so the demo can always be loaded.
"""

WRITERS = "Writers"
EDITORS = "Editors"

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
# Editors get every permission of these apps (api: preview tokens; webhooks: endpoints and their
# deliveries' log).
EDITOR_APPS = ["articles", "taggit", "api", "webhooks"]


def create_roles(group_model, permission_model):
    """Create (or complete) both groups; takes the models so a migration can pass its own."""
    writers, _ = group_model.objects.get_or_create(name=WRITERS)
    for app_label, models in WRITER_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            writers.permissions.add(
                *permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*permission_model.objects.filter(content_type__app_label__in=EDITOR_APPS))


def ensure_roles():
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if Group.objects.filter(name__in=[WRITERS, EDITORS]).count() == 2:
        return
    for label in EDITOR_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0)
    create_roles(Group, Permission)
