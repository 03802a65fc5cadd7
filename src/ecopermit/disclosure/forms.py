"""Forms of disclosure: the officers' and the enterprise's, and the two public ones (a booking, a data-error report),
each public one with a honeypot field that people never see and robots fill in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.accounts.scope import Scope
from ecopermit.core.models import Town
from ecopermit.core.widgets import IsoDateTimeInput
from ecopermit.disclosure.services import MAX_PARTY, STATEMENT
from ecopermit.disclosure.vocab import DisclosureKind, ErrorReportStatus, NoticeKind, NoticeStatus, RecordKind
from ecopermit.registry import facade as registry

ANY = [("", _("All"))]


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "HTML is allowed: paragraphs, headings, lists, tables and links. Scripts, styles and anything else "
            "are removed when it is saved."
        ),
    )
    town = forms.ModelChoiceField(
        label=_("Town/street"),
        queryset=Town.objects.order_by("code"),
        required=False,
        empty_label=_("Whole district"),
    )


class NoticeFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ANY + NoticeStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + NoticeKind.choices, required=False)
    q = forms.CharField(label=_("Title"), required=False, max_length=100)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DisclosureForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, empty_label=None
    )
    kind = forms.ChoiceField(label=_("Item"), choices=DisclosureKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 20 MB. It is public."),
    )
    statement = forms.BooleanField(label=STATEMENT, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = registry.facilities_visible(scope).order_by("name")  # type: ignore[attr-defined]


class OpenDayForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=IsoDateTimeInput())
    place = forms.CharField(label=_("Meeting place"), max_length=200)
    directions = forms.CharField(
        label=_("How to get there"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    capacity = forms.IntegerField(label=_("Capacity (people)"), min_value=1, max_value=2000)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = registry.facilities_visible(scope).order_by("name")  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ErrorReportStatus.ANSWERED, _("Answered: the record is right, or explained")),
            (ErrorReportStatus.CORRECTED, _("Corrected: the record has been put right")),
            (ErrorReportStatus.REJECTED, _("Not accepted")),
        ],
    )
    answer = forms.CharField(
        label=_("Answer to the reporter"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("The reporter reads this with the receipt number: no internal notes, no personal data."),
    )

    def __init__(self, *args: Any, later: bool = False, **kwargs: Any) -> None:
        """``later``: the report was answered already; what is left is to say that the record was corrected."""
        super().__init__(*args, **kwargs)
        if later:
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [(ErrorReportStatus.CORRECTED, _("Corrected: the record has been put right"))]


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ANY + ErrorReportStatus.choices, required=False)
    record_kind = forms.ChoiceField(label=_("Record"), choices=ANY + RecordKind.choices, required=False)
    q = forms.CharField(label=_("Number or facility"), required=False, max_length=100)


class Honeypot(forms.Form):
    #: Hidden from people by CSS; a form that comes back with it filled was sent by a robot.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class BookingForm(Honeypot):
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, help_text=_("Seen only by the enterprise and the bureau.")
    )
    party_size = forms.IntegerField(label=_("Party size"), min_value=1, max_value=MAX_PARTY, initial=1)


class ErrorReportForm(Honeypot):
    record_kind = forms.ChoiceField(label=_("Which record"), choices=RecordKind.choices)
    record_ref = forms.CharField(
        label=_("Record number or name"), max_length=100, required=False, help_text=_("As shown on the page.")
    )
    facility = forms.IntegerField(widget=forms.HiddenInput, required=False)
    what_is_wrong = forms.CharField(
        label=_("What is wrong"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only if you want the officer to be able to reach you. Never published."),
    )


class ReceiptLookupForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt number"), max_length=40)
