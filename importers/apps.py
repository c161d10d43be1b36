from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Bringing content in from elsewhere: WordPress exports (importers.wordpress), with the
    plain-text importer beside it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "importers"
    verbose_name = "Imports"
