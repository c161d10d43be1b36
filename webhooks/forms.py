"""The endpoint form: its address checked as deliveries will check it, and its events as boxes."""

from django import forms

from . import addresses
from .models import SUBSCRIBABLE, Endpoint


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        help_text="The events this receiver is sent.",
    )
    rotate_secret = forms.BooleanField(
        label="Make a new signing secret",
        required=False,
        help_text="The current secret goes on signing deliveries beside the new one for 24 hours, "
        "while you put the new one in the receiver.",
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self):
        """Refuse an address deliveries could not be sent to, saying why."""
        url = self.cleaned_data["url"]
        try:
            addresses.checked_addresses(url)
        except addresses.AddressRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        except LookupError:
            raise forms.ValidationError(
                "This address's host could not be found. Check it, or try again once it is set up.",
                code="not_found",
            ) from None
        return url

    def clean_events(self):
        # Stored in the order the form lists them, whatever order they were ticked in.
        chosen = set(self.cleaned_data["events"])
        return [value for value, _ in SUBSCRIBABLE if value in chosen]
