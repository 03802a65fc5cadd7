"""Forms of the self-monitoring and ledger screens (issue 13 M3, M5). Validation of the domain stays in the
services; these only read the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.widgets import IsoDateInput
from ecopermit.filings.models import LedgerCategory, LedgerFrequency, SamplingFrequency


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class ResultForm(forms.Form):
    item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Outlet and pollutant"), queryset=None, empty_label=None
    )
    sampled_on = forms.DateField(label=_("Sampling date"), widget=IsoDateInput())
    laboratory = forms.CharField(label=_("Laboratory"), max_length=200)
    method = forms.CharField(label=_("Analysis method (standard)"), max_length=200)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    unit = forms.CharField(
        label=_("Measurement unit"), max_length=20, help_text=_("The unit of the permitted limit.")
    )
    report = forms.FileField(label=_("Monitoring report (PDF)"))

    def __init__(self, *args: Any, items: Any, names: dict[tuple[int, str], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = items  # type: ignore[attr-defined]
        field.label_from_instance = lambda i: (  # type: ignore[attr-defined]
            f"{i.outlet.code} {i.outlet.name} · {names.get((i.outlet_id, i.pollutant_code), i.pollutant_code)}"
        )


class SheetUploadForm(forms.Form):
    """A filled-in XLSX template (self-monitoring results or ledger entries): all rows are stored, or none."""

    file = forms.FileField(
        label=_("Filled-in template (XLSX)"),
        help_text=_("A file with any error stores nothing; the errors are listed by sheet, row and column."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ItemChangeForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=SamplingFrequency.choices)
    automatic = forms.BooleanField(label=_("Automatic monitoring replaces sampling"), required=False)
    source = forms.CharField(
        label=_("Permit clause"),
        max_length=200,
        help_text=_("Where the permit's self-monitoring plan sets this frequency."),
    )


class ResultFilterForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    over_only = forms.BooleanField(label=_("Over the limit only"), required=False)

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]


class LedgerEntryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=LedgerCategory.choices)
    subject = forms.CharField(label=_("Facility or outlet"), max_length=100)
    occurred_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    content = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 3}))
    abnormal = forms.BooleanField(
        label=_("Abnormal event (reported to the bureau at once)"),
        required=False,
        help_text=_("An abnormal category is always reported."),
    )


class LedgerCorrectionForm(LedgerEntryForm):
    """The corrected record: a new entry that names the one it corrects (the old one stays)."""


class LedgerFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=_all(LedgerCategory.choices), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def clean_month(self) -> str:
        value = self.cleaned_data.get("month", "").strip()
        if value:
            try:
                dt.date.fromisoformat(f"{value}-01")
            except ValueError:
                raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None
        return value


class AbnormalFilterForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, required=False, empty_label=_("All")
    )
    since = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]


class LedgerRequirementForm(forms.Form):
    """The recording frequency the permit's 副本 names for one ledger category (officers)."""

    category = forms.ChoiceField(label=_("Category"), choices=LedgerCategory.choices)
    frequency = forms.ChoiceField(label=_("Recording frequency"), choices=LedgerFrequency.choices)
    source = forms.CharField(label=_("Permit clause"), max_length=200)
