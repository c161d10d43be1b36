from django import forms

from .models import EditorialNote, NoticePreference


class NoteForm(forms.Form):
    """A new note on `article`: a thread of its own, or a reply to one of the story's threads."""

    text = forms.CharField(
        label="Note",
        max_length=EditorialNote._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    thread = forms.ModelChoiceField(
        queryset=EditorialNote.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thread"].queryset = EditorialNote.objects.filter(article=article, thread__isnull=True)


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NoticePreference
        fields = ["email"]
