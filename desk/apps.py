from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' desk: notices when a story changes hands, and staff-only editorial notes."""

    name = "desk"
    verbose_name = "Desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from articles.changes import transition_saved

        from . import notices
        from .models import Notice

        transition_saved.connect(notices.transition_saved, dispatch_uid="desk.notices")
        # A notice deleted (with its story, say) leaves its recipient's unread count.
        post_delete.connect(notices.notice_deleted, sender=Notice, dispatch_uid="desk.notice_deleted")
