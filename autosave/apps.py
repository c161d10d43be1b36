from django.apps import AppConfig


class AutosaveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "autosave"
    verbose_name = "Autosave"
