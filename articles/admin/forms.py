import copy

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.changes import conflict_message
from articles.models import Article, SlugRedirect
from articles.workflow import PUBLISHING_FIELDS, TRANSITIONS, can_publish, check_allowed

WORKFLOW_FIELD = "_workflow"


class ArticleAdminForm(forms.ModelForm):
    """The story form. Enforces the roles and applies the workflow buttons on the server.

    `request` is set by ArticleAdmin.get_form, so validation knows who is saving;
    the admin supplies the model and fields.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    request = None

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
        return cleaned

    def check_not_stale(self, cleaned):
        """Refuse a save made from an older version, keeping the typed text in the form.

        The refused form carries the newer version number, so saving it again is a
        deliberate choice to replace the other person's changes.
        """
        if not self.instance.pk:
            return
        posted = cleaned.get("edit_version")
        if posted is not None and posted != self.instance.version:
            current = Article.objects.select_related("updated_by").get(pk=self.instance.pk)
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_version")] = current.version
            raise ValidationError(conflict_message(current), code="conflict")

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
        when = cleaned.get("publish_at") if intent == "schedule" else None
        for name, value in TRANSITIONS[intent].changes(article, timezone.now(), when).items():
            if name in self.fields:
                cleaned[name] = value
            else:
                setattr(self.instance, name, value)
