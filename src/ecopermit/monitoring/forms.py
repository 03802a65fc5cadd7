from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.widgets import IsoDateInput, IsoDateTimeInput
from ecopermit.monitoring.models_alarms import AlarmKind, AlarmStatus, Declaration, PowerMeter


def _all(choices):
    return [("", _("All")), *choices]


class AlarmFilterForm(forms.Form):
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Town/street"), queryset=None, required=False, empty_label=_("All")
    )
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, required=False, empty_label=_("All")
    )
    pollutant = forms.ChoiceField(label=_("Pollutant"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_all(AlarmStatus.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_all(AlarmKind.choices), required=False)

    def __init__(self, *args, towns, facilities, pollutants, **kwargs):
        from ecopermit.monitoring.hj212.codes import lookup

        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
        self.fields["facility"].queryset = facilities
        self.fields["pollutant"].choices = _all(
            [(p, f"{row.name_zh} {p}" if (row := lookup(p)) else p) for p in pollutants]
        )
        # A filter with a single choice only clutters the form (an enterprise sees its own facility).
        if len(towns[:2]) <= 1:
            del self.fields["town"]
        if len(facilities[:2]) <= 1:
            del self.fields["facility"]


DEVICE_STATES = (("online", _("online")), ("offline", _("offline")), ("inactive", _("inactive")))


class DeviceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("MN, facility or outlet")}),
    )
    state = forms.ChoiceField(label=_("State"), choices=_all(list(DEVICE_STATES)), required=False)


class RangeForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        if start and end and (end - start) > dt.timedelta(days=92):
            raise forms.ValidationError(_("Show at most 92 days at once."))
        return data


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Why is the alarm closed?"), widget=forms.Textarea(attrs={"rows": 2}))


class DeclarationForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, empty_label=None
    )
    outlet: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Outlet"), queryset=None, required=False, empty_label=_("Whole facility")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Declaration.Kind.choices)
    starts_at = forms.DateTimeField(label=_("From"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(label=_("To"), widget=IsoDateTimeInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)

    def __init__(self, *args, facilities, outlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        self.fields["outlet"].queryset = outlets
        self.fields["outlet"].label_from_instance = lambda o: f"{o.facility.name} · {o.code} {o.name}"


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "1", choices=[("1", _("Accept")), ("0", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeterForm(forms.Form):
    name = forms.CharField(label=_("Equipment"), max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=PowerMeter.Role.choices)
    outlet: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Outlet (HJ 212 data)"), queryset=None, required=False, empty_label=_("None")
    )
    code = forms.CharField(label=_("HJ 212 code"), max_length=20, required=False)
    meter_id = forms.CharField(label=_("Meter number (CSV import)"), max_length=50, required=False)
    threshold_kw = forms.FloatField(label=_("Running above (kW)"), min_value=0, initial=1.0)

    def __init__(self, *args, outlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets


class PowerImportForm(forms.Form):
    file = forms.FileField(label=_("CSV export of the metering system"))
