"""Root URL configuration: the editors' admin and the public site."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from api.errors import unknown_address
from api.site import api

from . import health
from .security import LockoutAdminAuthenticationForm

admin.site.site_header = f"{settings.NEWSROOM_NAME} admin"
admin.site.site_title = f"{settings.NEWSROOM_NAME} admin"
admin.site.index_title = "Newsroom desk"
admin.site.login_form = LockoutAdminAuthenticationForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/desk/", include("desk.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_address),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
