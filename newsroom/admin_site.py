"""The newsroom's admin site: Django's, with the desk as its home page and the models in the
groups an editor thinks in, rather than one box per Django app.

Installed through NewsroomAdminConfig (in INSTALLED_APPS in place of django.contrib.admin), so
`django.contrib.admin.site` is this site and every `admin.register` lands here. Models edited
only inside another model's form (a story's bylines, a film's credits…) say so with
`has_module_permission` returning False (articles.admin.base.InlineOnlyMixin): they leave the
index and the sidebar, and stay registered for their inlines' links and autocomplete.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse


@dataclass(frozen=True)
class ModelGroup:
    """A box of the index and the sidebar: `models` as "app_label.model_name", in this order."""

    slug: str
    name: str
    models: tuple
    editors_only: bool = False


GROUPS = (
    ModelGroup(
        "stories",
        "Stories",
        (
            "articles.article",
            "articles.calendar",
            "articles.correction",
            "taggit.tag",
            "articles.previewlink",
            "importers.importrun",
        ),
    ),
    ModelGroup(
        "films-people",
        "Films & people",
        ("articles.film", "articles.franchise", "articles.person", "articles.author"),
    ),
    ModelGroup("sources", "Sources", ("articles.source",)),
    ModelGroup("media", "Media", ("articles.image",)),
    ModelGroup(
        "settings",
        "Settings",
        ("articles.slugredirect", "importers.pathredirect", "api.apitoken", "auth.user", "auth.group"),
        editors_only=True,
    ),
)
# Lines named as editors name them, where the model's own name (Articles) is not it.
NAMES = {"articles.article": "All stories", "importers.importrun": "Import from WordPress"}
# Not a model: the editorial calendar, listed in the Stories box for whoever may see stories.
CALENDAR = "articles.calendar"


def model_key(model_dict):
    opts = model_dict["model"]._meta
    return f"{opts.app_label}.{opts.model_name}"


def calendar_entry():
    """The Stories box's line for the editorial calendar, shaped like a model's line."""
    return {
        "model": None,
        "name": "Editorial calendar",
        "object_name": "Calendar",
        "perms": {"view": True},
        "admin_url": reverse("admin:articles_article_calendar"),
        "add_url": None,
        "view_only": True,
    }


class NewsroomAdminSite(admin.AdminSite):
    index_template = "admin/index.html"

    def get_app_list(self, request, app_label=None):
        """The models in GROUPS' boxes (Settings for editors only); a model no group names
        keeps its app's box, after them. One app's page (`app_label`) lists that app as Django
        does."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        from articles.workflow import can_publish

        models = {model_key(m): m for app in apps for m in app["models"]}
        for key, name in NAMES.items():
            if key in models:
                models[key] = {**models[key], "name": name}
        if "articles.article" in models:
            models[CALENDAR] = calendar_entry()
        grouped = []
        for group in GROUPS:
            members = [models.pop(key) for key in group.models if key in models]
            if members and (can_publish(request.user) or not group.editors_only):
                grouped.append(self.group_dict(group, members))
        rest = []
        for app in apps:
            left = [m for m in app["models"] if model_key(m) in models]
            if left:
                rest.append({**app, "models": left})
        return grouped + rest

    def group_dict(self, group, members):
        return {
            "name": group.name,
            "app_label": group.slug,
            "app_url": reverse("admin:model_group", kwargs={"group": group.slug}, current_app=self.name),
            "has_module_perms": True,
            "models": members,
        }

    def get_urls(self):
        return [
            path("section/<slug:group>/", self.admin_view(self.group_index), name="model_group"),
            *super().get_urls(),
        ]

    def group_index(self, request, group):
        """One box of the index on a page of its own, as Django shows an app's page."""
        app_list = [box for box in self.get_app_list(request) if box["app_label"] == group]
        if not any(g.slug == group for g in GROUPS) or not app_list:
            raise Http404("No such section.")
        context = {
            **self.each_context(request),
            "title": app_list[0]["name"],
            "subtitle": None,
            "app_list": app_list,
            "app_label": group,
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/app_index.html", context)

    def index(self, request, extra_context=None):
        """The desk for whoever may see stories; the boxes of models for everyone."""
        extra_context = dict(extra_context or {})
        if request.user.has_perm("articles.view_article"):
            from articles.admin.base import zone_note
            from articles.admin.desk import desk_sections

            extra_context["desk"] = desk_sections(request.user)
            extra_context["zone_note"] = zone_note()
        return super().index(request, extra_context)


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with NewsroomAdminSite as `admin.site`."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
