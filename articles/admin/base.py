from django.conf import settings
from django.contrib import admin
from django.db import models


def zone_note():
    return f"Times are in the newsroom's time zone, {settings.TIME_ZONE}."


class NewsroomAdmin(admin.ModelAdmin):
    """Names the newsroom's time zone under every date-time field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            field.help_text = " ".join(filter(None, [str(field.help_text), zone_note()]))
        return field

    class Media:
        css = {"all": ["css/admin.css"]}
