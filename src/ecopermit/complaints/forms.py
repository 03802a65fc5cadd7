from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.complaints import rules
from ecopermit.complaints.vocab import Channel, Finding, Kind, RecordKind, Satisfaction
from ecopermit.core.models import Park, Town
from ecopermit.core.widgets import IsoDateInput


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (Django's documented pattern for multiple files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _towns() -> list[tuple[str, Any]]:
    return [
        ("", _("— not known —")),
        *((str(pk), name) for pk, name in Town.objects.order_by("code").values_list("pk", "name")),
    ]


class ComplaintForm(forms.Form):
    """The public form (and, with ``channel``, the staff entry)."""

    kind = forms.ChoiceField(label=_("What is the nuisance?"), choices=Kind.choices, widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Where?"),
        max_length=200,
        required=False,
        help_text=_("Click the map to mark the place, or type the address or a landmark."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    town = forms.TypedChoiceField(
        label=_("Town/street (if known)"), choices=(), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(
        label=_("What did you notice, and when?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "For example: a strong paint smell every evening from about 7 pm, from the yard by the quay."
        ),
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(n)s JPEG or PNG photos, 10 MB each.") % {"n": rules.MAX_PHOTOS},
    )
    anonymous = forms.BooleanField(
        label=_("Stay anonymous"),
        required=False,
        initial=True,
        help_text=_("Leave ticked to complain without contact details. Contact details are never published."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    # The honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town: Any = self.fields["town"]
        town.choices = _towns()
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Received by"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
            )
            self.order_fields(["channel"])
            del self.fields["website"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent."))
        return data


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Receipt number"), max_length=20)
    code = forms.CharField(label=_("Check code"), max_length=12)


class SatisfactionForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Are you satisfied with the reply?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why is it not accepted?"), max_length=300)


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Record"), choices=RecordKind.choices)
    on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    participants = forms.CharField(
        label=_("Participants"),
        max_length=300,
        required=False,
        help_text=_(
            "For a mediation: the factory's and the residents' representatives, the town's mediator."
        ),
    )
    text = forms.CharField(label=_("What was seen or agreed"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)


class FindingForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("Finding of the check"), choices=Finding.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the complainants"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Every complainant of the group reads it on their status page. No personal data."),
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the extension"), max_length=300)


class RouteForm(forms.Form):
    town = forms.TypedChoiceField(label=_("Town/street"), choices=(), coerce=int)
    park = forms.TypedChoiceField(label=_("Park"), choices=(), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town: Any = self.fields["town"]
        park: Any = self.fields["park"]
        town.choices = list(Town.objects.order_by("code").values_list("pk", "name"))
        park.choices = [("", "—"), *Park.objects.order_by("code").values_list("pk", "name")]


class LinkForm(forms.Form):
    facility = forms.IntegerField(required=False, widget=forms.HiddenInput)
