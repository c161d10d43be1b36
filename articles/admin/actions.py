"""Workflow transitions as changelist actions, guarded by the same rules and version check as the form."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.changes import EditConflict, apply_transition
from articles.models.bounds import validate_in_range
from articles.workflow import TRANSITIONS

from .base import zone_note


class ScheduleForm(forms.Form):
    when = forms.SplitDateTimeField(
        label="Publish at", widget=admin.widgets.AdminSplitDateTime, validators=[validate_in_range]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].help_text = zone_note()


class ReturnNoteForm(forms.Form):
    note = forms.CharField(
        label="Note for the writer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="What should change before the story comes back for review. Every writer receives it.",
    )


def posted_versions(request):
    """The version of each row as the editor saw it when the list was drawn."""
    versions = {}
    for key, value in request.POST.items():
        if key.startswith("_version_") and value.isdigit():
            versions[key.removeprefix("_version_")] = int(value)
    return versions


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."


def transition_action(transition):
    """The list action applying the workflow transition `transition` to the selected stories:
    named, labelled and permitted as the transition is declared (articles.workflow)."""

    def action(modeladmin, request, queryset):
        if transition.confirm and "confirmed" not in request.POST:
            return modeladmin.confirm_transition(request, queryset, transition)
        modeladmin.run_transition(request, queryset, transition.name)
        return None

    action.__name__ = transition.name
    permission = "publish" if transition.editors_only else "change"
    return admin.action(description=transition.label, permissions=[permission])(action)


class WorkflowActionsMixin:
    # Scheduling asks for a time first, returning to draft for a note (the methods below).
    actions = [
        name if name in ("schedule", "return_to_draft") else transition_action(transition)
        for name, transition in TRANSITIONS.items()
    ]

    def confirm_transition(self, request, queryset, transition):
        """Ask once before a step that puts stories live at once (Publish now)."""
        context = {
            **self.admin_site.each_context(request),
            "title": f"{transition.label}?",
            "opts": self.model._meta,
            "transition": transition,
            "stories": queryset,
            "versions": posted_versions(request),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/confirm_transition.html", context)

    def action_checkbox(self, obj):
        """The row's checkbox, plus the version shown, so a stale action is refused."""
        return format_html(
            '{}<input type="hidden" name="_version_{}" value="{}">',
            super().action_checkbox(obj),
            obj.pk,
            obj.version,
        )

    def run_transition(self, request, queryset, name, when=None, note=""):
        versions = posted_versions(request)
        done, refused = [], []
        for article in queryset.select_related("updated_by"):
            try:
                apply_transition(
                    article,
                    name,
                    request.user,
                    expected_version=versions.get(str(article.pk)),
                    when=when,
                    note=note,
                )
            except (ValidationError, PermissionDenied, EditConflict) as error:
                refused.append(f"“{article}”: {error_text(error)}")
            else:
                done.append(f"“{article}”")
                # Each story done took the same step (a schedule: the same time).
                done_message = TRANSITIONS[name].done_message(article)
        if done:
            messages.success(request, f"{', '.join(done)} {done_message}.")
        for problem in refused:
            messages.error(request, problem)

    @admin.action(description=f"{TRANSITIONS['schedule'].label}…", permissions=["publish"])
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.run_transition(request, queryset, "schedule", when=form.cleaned_data["when"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Schedule stories",
            "opts": self.model._meta,
            "form": form,
            "stories": queryset,
            "versions": posted_versions(request),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(description=f"{TRANSITIONS['return_to_draft'].label}…", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        form = ReturnNoteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.run_transition(request, queryset, "return_to_draft", note=form.cleaned_data["note"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Return stories to draft",
            "opts": self.model._meta,
            "form": form,
            "stories": queryset,
            "versions": posted_versions(request),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/return_to_draft.html", context)
