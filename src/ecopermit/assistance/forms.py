from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.assistance.models import (
    AgencyService,
    BuildingKind,
    ConsultationSlot,
    ItemState,
    StewardClient,
    StewardCoverage,
    VisitKind,
)
from ecopermit.core.widgets import IsoDateInput

TEXT = {"rows": 3}


class FacilityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class BookingForm(forms.Form):
    slot: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Consultation session"), queryset=ConsultationSlot.objects.none()
    )
    facility = FacilityChoice(label=_("Facility"), queryset=None)
    topic = forms.CharField(
        label=_("Topic"),
        max_length=100,
        help_text=_("e.g. permit renewal, self-monitoring, rectification plan"),
    )
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args: Any, slots: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["slot"].queryset = slots
        fields["slot"].label_from_instance = lambda s: (
            f"{s.on:%Y-%m-%d} {s.starts_at:%H:%M}–{s.ends_at:%H:%M} · {s.place} ({s.capacity - s.taken}/{s.capacity})"
        )
        fields["facility"].queryset = facilities


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Officer's answer"), widget=forms.Textarea(attrs={"rows": 5}))
    record = forms.CharField(
        label=_("Record of the consultation"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Who came, what was agreed, what follows."),
    )


class PublishForm(forms.Form):
    question = forms.CharField(label=_("Question as published"), widget=forms.Textarea(attrs=TEXT))
    answer = forms.CharField(label=_("Answer as published"), widget=forms.Textarea(attrs={"rows": 5}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    facility = FacilityChoice(label=_("Facility"), queryset=None)
    guide: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Guide"), queryset=None)

    def __init__(self, *args: Any, facilities: Any, guides: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["facility"].queryset = facilities
        fields["guide"].queryset = guides


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    guidance = forms.CharField(label=_("Guidance given"), widget=forms.Textarea(attrs=TEXT))
    reminders = forms.CharField(
        label=_("Duties reminded of"), required=False, widget=forms.Textarea(attrs=TEXT)
    )


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, min_length=18)
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=AgencyService.choices, widget=forms.CheckboxSelectMultiple
    )
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username of the agency account"), max_length=150)


class QualityCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=IsoDateInput())
    subject = forms.CharField(
        label=_("Work checked"), max_length=200, help_text=_("e.g. a monitoring report, an EIA")
    )
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs=TEXT))


class AgencyNoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    check_id = forms.TypedChoiceField(label=_("Quality check"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, checks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["check_id"].choices = [("", "—")] + [
            (c.pk, f"{c.checked_on:%Y-%m-%d} {c.subject} ({c.score})") for c in checks
        ]


class SuspensionForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("To"), widget=IsoDateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))


class LiftForm(forms.Form):
    note = forms.CharField(label=_("Why it is lifted"), widget=forms.Textarea(attrs={"rows": 2}))


class ContractForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    number = forms.CharField(label=_("Contract number"), max_length=50)
    client = forms.ChoiceField(label=_("Client"), choices=StewardClient.choices)
    park: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False)
    coverage = forms.ChoiceField(label=_("Covers"), choices=StewardCoverage.choices)
    coverage_note = forms.CharField(label=_("What it covers"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=IsoDateInput())
    facilities: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Facilities served"), queryset=None
    )

    def __init__(self, *args: Any, agencies: Any, parks: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["agency"].queryset = agencies
        fields["park"].queryset = parks
        fields["facilities"].queryset = facilities
        fields["facilities"].label_from_instance = lambda f: f.name


class ServiceRecordForm(forms.Form):
    facility = FacilityChoice(label=_("Facility"), queryset=None)
    kind = forms.ChoiceField(label=_("Service"), choices=AgencyService.choices)
    done_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["facility"].queryset = facilities


class SharedReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.CharField(label=_("Area monitored"), max_length=200)
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Town/street"), queryset=None, required=False
    )
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Monitoring agency"), queryset=None, required=False
    )
    monitored_from = forms.DateField(label=_("Monitored from"), widget=IsoDateInput())
    monitored_to = forms.DateField(label=_("Monitored to"), widget=IsoDateInput())
    file = forms.FileField(label=_("Report (PDF)"))

    def __init__(self, *args: Any, towns: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["town"].queryset = towns
        fields["agency"].queryset = agencies


class CiteForm(forms.Form):
    facility = FacilityChoice(label=_("Facility whose as-built EIA cites it"), queryset=None)

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["facility"].queryset = facilities


class CommissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Monitoring agency"), queryset=None)
    contract_number = forms.CharField(label=_("Contract number"), max_length=50)
    signed_on = forms.DateField(label=_("Signed on"), widget=IsoDateInput())
    members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Member enterprises"), queryset=None
    )

    def __init__(self, *args: Any, agencies: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["agency"].queryset = agencies
        fields["members"].queryset = facilities
        fields["members"].label_from_instance = lambda f: f.name


class BuildingForm(forms.Form):
    facility = FacilityChoice(label=_("Facility"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=BuildingKind.choices)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs=TEXT))
    floor_area = forms.DecimalField(label=_("Floor area (m²)"), max_digits=8, decimal_places=1, min_value=0)
    years = forms.TypedChoiceField(label=_("Years asked for"), coerce=int, choices=[(1, "1"), (2, "2")])
    drawing = forms.FileField(label=_("Drawings (PDF, PNG or JPEG)"))

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["facility"].queryset = facilities


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "yes", choices=[("yes", _("Approve")), ("no", _("Refuse"))]
    )
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs=TEXT))
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("e.g. safety standards, removal when the term ends"),
    )


class SelfCheckStartForm(forms.Form):
    facility = FacilityChoice(label=_("Facility"), queryset=None)

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["facility"].queryset = facilities


STATE_CHOICES = ItemState.choices
