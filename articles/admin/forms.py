import copy

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, SlugRedirect
from articles.workflow import PUBLISHING_FIELDS, TRANSITIONS, can_publish, check_allowed, check_note

from . import conflicts

WORKFLOW_FIELD = "_workflow"


class ArticleAdminForm(forms.ModelForm):
    """The story form. Enforces the roles and applies the workflow buttons on the server.

    `request` is set by ArticleAdmin.get_form, so validation knows who is saving;
    the admin supplies the model and fields.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Asked for by the workflow steps that need it (Return to draft): shown beside their button.
    return_note = forms.CharField(
        label="Note for the writer",
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Required to return the story to draft: what should change before it comes back.",
    )
    request = None

    class Media:
        # The workflow buttons that put a story live at once ask first (their data-confirm).
        js = ["js/workflow-confirm.js"]

    conflict = None  # set by a refused stale save (articles.admin.conflicts)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean_tags(self):
        """Each tag needs an address (taggit's slug of its name): a letter or a digit, and no
        longer than a tag's address may be; and its name no longer than a tag may hold."""
        names = self.cleaned_data["tags"]
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise ValidationError(
                f"A tag may be at most {limit} characters long: “{too_long[0][:40]}…” is {len(too_long[0])}.",
                code="tag_too_long",
            )
        slugs = {name: Tag().slugify(name) for name in names}
        unaddressable = [name for name, slug in slugs.items() if not slug]
        if unaddressable:
            raise ValidationError(
                f"A tag needs at least one letter or digit: “{unaddressable[0]}” has none.",
                code="tag_without_letters",
            )
        # Normalizing can lengthen a name (ﷺ is 18 letters in a slug); room is left for the
        # "_2" taggit adds to a second name with the same slug.
        slug_limit = Tag._meta.get_field("slug").max_length - 4
        too_long = [name for name, slug in slugs.items() if len(slug) > slug_limit]
        if too_long:
            raise ValidationError(
                f"The address of the tag “{too_long[0][:40]}” would be too long: shorten it.",
                code="tag_address_too_long",
            )
        return names

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        redirect = SlugRedirect.objects.filter(old_slug=slug).exclude(article_id=self.instance.pk).first()
        if redirect:
            raise ValidationError(
                f"{reverse('articles:article', kwargs={'slug': slug})} still redirects to "
                f"“{redirect.article}”. Choose another slug.",
                code="slug_redirects",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        user = self.request.user
        self.check_not_stale(cleaned)
        if not can_publish(user) and self.posted_publishing_fields():
            raise ValidationError(
                "Only editors can publish, schedule or unpublish stories, or change their publication times.",
                code="not_an_editor",
            )
        intent = self.request.POST.get(WORKFLOW_FIELD)
        if intent:
            self.apply_intent(intent, cleaned, user)
        else:
            self.check_not_going_live(cleaned)
        return cleaned

    def check_not_going_live(self, cleaned):
        """A plain Save never puts a story live: new times that would make a scheduled or held
        story public now are refused, pointing to Publish now (which asks first)."""
        if self.instance.pk is None or self.instance.status != Article.Status.PUBLISHED:
            return
        now = timezone.now()
        edited = copy.copy(self.instance)
        for name in ("publish_at", "expire_at", "embargo_until"):
            if name in self.fields:
                setattr(edited, name, cleaned.get(name))
        if not self.instance.is_live(at=now) and edited.is_live(at=now):
            raise ValidationError(
                "Saving these times would put the story live now. To publish it now, press "
                "“Publish now”; to schedule it, choose a later time and press “Schedule”.",
                code="goes_live",
            )

    def check_not_stale(self, cleaned):
        """Refuse a save made from an older version, keeping the typed text in the form and
        showing their change beside this editor's (articles.admin.conflicts); a save that has
        settled every field both changed goes through, merged."""
        conflicts.check(self, cleaned)

    def posted_publishing_fields(self):
        """Publishing fields in the POST that the form does not offer this user (a forged POST)."""
        offered = set(self.fields)
        return [
            name
            for name in PUBLISHING_FIELDS
            if name not in offered and any(key == name or key.startswith(f"{name}_") for key in self.data)
        ]

    def apply_intent(self, intent, cleaned, user):
        """Turn a workflow button into field changes, checked like the list actions are."""
        article = copy.copy(self.instance)
        if article.pk is None:
            article.created_by_id = user.pk
        try:
            check_allowed(intent, user, article)
        except PermissionDenied as denied:
            raise ValidationError(str(denied) or "You may not do that.", code="permission") from None
        # Judged on the saved status, but with the embargo and expiry as edited.
        for name in ("embargo_until", "expire_at"):
            if name in self.fields:
                setattr(article, name, cleaned.get(name))
        try:
            check_note(TRANSITIONS[intent], cleaned.get("return_note"))
        except ValidationError as missing:
            self.add_error("return_note", missing)
            return
        when = cleaned.get("publish_at") if intent == "schedule" else None
        for name, value in TRANSITIONS[intent].changes(article, timezone.now(), when).items():
            if name in self.fields:
                cleaned[name] = value
            else:
                setattr(self.instance, name, value)
