from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.filings.crosscheck_selectors import KIND_LABELS
from ecopermit.filings.models import CrossCheckFinding


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class FindingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=_all(CrossCheckFinding.Status.choices), required=False
    )
    kind = forms.ChoiceField(label=_("Check"), choices=_all(KIND_LABELS.items()), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm: untrue reporting (Art. 37(4))")), ("dismiss", _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to dismiss: say why the figures may differ."),
    )
