"""New story from plain text: paste copy or upload a .txt file, get a draft to finish
(importers.text). Whoever may add stories may use it: writers and editors."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from importers.text import CopyError, import_copy, read_copy
from importers.text.draft import MAX_BYTES

from .base import ArticleToolView


class FromTextForm(forms.Form):
    copy = forms.CharField(
        label="Copy",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80, "class": "vLargeTextField from-text-copy"}),
        help_text="An optional headline line, then paragraphs separated by blank lines.",
    )
    file = forms.FileField(
        label="Or a text file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=f"Plain text in UTF-8 (.txt), at most {MAX_BYTES // 1024} kB.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, typed = cleaned.get("file"), cleaned.get("copy") or ""
        if upload and typed.strip():
            raise forms.ValidationError("Paste the copy or upload a file, not both.")
        try:
            if upload:
                if upload.size > MAX_BYTES:
                    raise CopyError(f"The file is too large: at most {MAX_BYTES // 1024} kB of text.")
                cleaned["text"] = read_copy(upload.read())
            else:
                cleaned["text"] = read_copy(typed)
        except CopyError as error:
            self.add_error("file" if upload else "copy", str(error))
        return cleaned


class FromTextView(ArticleToolView):
    """The form, and on a valid POST the draft, then its change form with what was found."""

    template_name = "admin/articles/article/from_text.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=FromTextForm()))

    def post(self, request, *args, **kwargs):
        form = FromTextForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                imported = import_copy(form.cleaned_data["text"], user=request.user)
            except CopyError as error:
                form.add_error("copy", str(error))
            else:
                level = messages.WARNING if imported.to_check else messages.SUCCESS
                messages.add_message(request, level, imported.summary())
                return redirect("admin:articles_article_change", imported.story.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="New story from plain text", **kwargs)
