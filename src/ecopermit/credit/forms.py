from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.widgets import IsoDateInput
from ecopermit.credit.models import LEVELS
from ecopermit.credit.vocab import EventKind, LevelStatus


class FilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False)
    town = forms.TypedChoiceField(label=_("Town"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)

    def __init__(self, *args, towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *LEVELS]
        self.fields["town"].choices = [("", _("All towns")), *((t.pk, t.name) for t in towns)]
        self.fields["status"].choices = [
            ("", _("In the works and in force")),
            *((s, label) for s, label in LevelStatus.choices if s != LevelStatus.SUPERSEDED),
        ]


class EventForm(forms.Form):
    """An event recorded by hand, with the reason."""

    facility: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Facility"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, label) for k, label in EventKind.choices if k != EventKind.CLEAN_YEAR]
    )
    occurred_on = forms.DateField(label=_("Occurred on"), widget=IsoDateInput)
    summary = forms.CharField(label=_("Event summary"), max_length=300)
    article = forms.CharField(label=_("Article"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, min_value=0, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )


class SchemeForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Scheme"))

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = list(schemes)
