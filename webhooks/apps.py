from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhooks: signed JSON POSTs to the endpoints editors register when a story goes live,
    changes or leaves, a correction is added or a film changes, delivered by the task worker."""

    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import changes

        from . import events

        changes.story_saved.connect(events.story_saved, dispatch_uid="webhooks.story_saved")
        changes.correction_added.connect(events.correction_added, dispatch_uid="webhooks.correction_added")
        changes.films_changed.connect(events.films_changed, dispatch_uid="webhooks.films_changed")
