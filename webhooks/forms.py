"""The endpoint form: events as tick boxes, and a secret worth the name."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from . import event_types
from .models import MIN_SECRET_LENGTH, Endpoint


class EndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=[
            (name, f"{label} ({name})")
            for name, label in event_types.SUBSCRIBABLE.items()
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=Endpoint._meta.get_field("events").help_text,
        error_messages={"required": "Tick at least one event to send."},
    )

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if secret and len(secret) < MIN_SECRET_LENGTH:
            raise forms.ValidationError(
                f"Use at least {MIN_SECRET_LENGTH} characters, or leave it empty "
                "for a strong one to be made for you."
            )
        if any(not char.isprintable() or char.isspace() for char in secret):
            raise forms.ValidationError(
                "Use letters, digits and punctuation only, without spaces."
            )
        return secret

    def clean_events(self):
        # Kept in the order of the list, whatever order the browser sent.
        chosen = set(self.cleaned_data["events"])
        return [name for name in event_types.SUBSCRIBABLE if name in chosen]
