from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.widgets import IsoDateInput
from ecopermit.filings.models import Frequency, ReportKind


class ReportUploadForm(forms.Form):
    """A full report: the national platform's PDF and the template with its key tables."""

    file = forms.FileField(label=_("Report exported from the national platform (PDF)"))
    tables = forms.FileField(label=_("Key tables (the XLSX template, filled in)"))


class PeriodForm(forms.Form):
    """One report period: a kind, its year and its number within the year."""

    kind = forms.ChoiceField(label=_("Report kind"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("Year of the period"), min_value=2020, max_value=2100)
    number = forms.IntegerField(
        label=_("Period number"),
        min_value=1,
        max_value=12,
        help_text=_("1 for the year, 1–4 quarters, 1–12 months"),
    )


class BulkTemplateForm(PeriodForm):
    """Which reports the bulk template is prefilled with: those still to be submitted of one kind and period."""


class BulkUploadForm(forms.Form):
    """The filled-in bulk template: every report in it is submitted, or none."""

    file = forms.FileField(
        label=_("Filled-in bulk template (XLSX)"),
        help_text=_(
            "A file with any error in any report stores nothing; the errors are listed by report, sheet, row and column."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ShutdownStatementForm(forms.Form):
    """A period without any production: only a shutdown statement is owed (HJ 944)."""

    reason = forms.CharField(
        label=_("Reason for the shutdown"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    commitment = forms.BooleanField(
        label=_("The legal representative commits that this statement is true, accurate and complete")
    )


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Return for correction"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons (required to return)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Report kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class RequirementForm(forms.Form):
    """What a permit's 副本 requires besides the annual report."""

    permit_number = forms.CharField(label=_("Permit number"), max_length=50)
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices)
    source = forms.CharField(label=_("Permit clause"), max_length=200)


class DeadlineForm(PeriodForm):
    """A due date the ministry moved by notice, for one period of one kind."""

    due_on = forms.DateField(label=_("New due date"), widget=IsoDateInput())
    source = forms.CharField(label=_("Notice"), max_length=200)
