from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportUploadForm(forms.Form):
    """A full report: the national platform's PDF and the template with its key tables."""

    file = forms.FileField(label=_("Report exported from the national platform (PDF)"))
    tables = forms.FileField(label=_("Key tables (the XLSX template, filled in)"))


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
