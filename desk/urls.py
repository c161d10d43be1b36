"""The desk's admin pages, under /admin/desk/, each behind the admin site's login and staff check."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "desk"
staff = admin.site.admin_view

urlpatterns = [
    path("notices/", staff(views.NoticeListView.as_view()), name="notices"),
    path("notices/<int:pk>/read/", staff(views.mark_read), name="notice_read"),
    path("notices/read/", staff(views.mark_all_read), name="notices_read"),
    path("notices/preferences/", staff(views.PreferenceView.as_view()), name="preferences"),
    path("stories/<int:story_id>/notes/", staff(views.AddNoteView.as_view()), name="note_add"),
    path("notes/<int:note_id>/resolve/", staff(views.ResolveNoteView.as_view()), name="note_resolve"),
]
