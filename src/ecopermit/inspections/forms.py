from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.accounts.facade import bureau_officers
from ecopermit.cases.vocab import Kind
from ecopermit.core.widgets import IsoDateInput, IsoDateTimeInput
from ecopermit.inspections import draw, rules
from ecopermit.inspections.models import Inspector
from ecopermit.inspections.vocab import (
    EvidenceKind,
    InspectionKind,
    NonSiteSource,
    PeriodKind,
    PoolCategory,
)


class PlanForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period_day = forms.DateField(label=_("A day in the period"), widget=IsoDateInput())
    code = forms.CharField(
        label=_("Plan identity"),
        max_length=40,
        required=False,
        help_text=_("Left empty: SJ-<year>Q<quarter>."),
    )
    name = forms.CharField(label=_("Name"), max_length=100, required=False)


CREDIT_LABELS = {
    "green": _("Environmental integrity (green)"),
    "blue": _("Good (blue)"),
    "unrated": _("Not rated"),
    "yellow": _("Warning (yellow)"),
    "red": _("Poor (red)"),
}


class RatiosForm(forms.Form):
    """One ratio per category ("25%", "1/4", "0.25") and one factor per credit level."""

    staff_count = forms.IntegerField(
        label=_("Enforcement staff for general units"),
        min_value=0,
        required=False,
        help_text=_("When set, general units are drawn at 1 : 10 per staff member and year."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in PoolCategory.choices:
            self.fields[f"ratio_{key}"] = forms.CharField(label=label, max_length=20)
        for key in draw.CREDIT_LEVELS:
            self.fields[f"factor_{key}"] = forms.CharField(label=CREDIT_LABELS[key], max_length=20)

    @staticmethod
    def initial_for(plan: Any) -> dict[str, Any]:
        from fractions import Fraction

        data: dict[str, Any] = {"staff_count": plan.staff_count}
        for key, value in plan.ratios.items():
            pct = Fraction(value) * 100
            data[f"ratio_{key}"] = f"{pct.numerator / pct.denominator:g}%"
        for key, value in plan.credit_factors.items():
            f = Fraction(value)
            data[f"factor_{key}"] = f"{f.numerator / f.denominator:g}"
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, label in PoolCategory.choices:
            value = data.get(f"ratio_{key}")
            if value is not None:
                try:
                    rules.parse_ratio(value, str(label))
                except ValueError as exc:
                    self.add_error(f"ratio_{key}", str(exc))
        return data

    def ratios(self) -> dict[str, str]:
        return {k: self.cleaned_data[f"ratio_{k}"] for k in PoolCategory.values}

    def factors(self) -> dict[str, str]:
        return {k: self.cleaned_data[f"factor_{k}"] for k in draw.CREDIT_LEVELS}


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Public seed"),
        max_length=200,
        help_text=_(
            "A public value known only after the announcement, e.g. the closing index of a named day."
        ),
    )


class InspectionNewForm(forms.Form):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Facility"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (InspectionKind.AD_HOC, InspectionKind.AD_HOC.label),
            (InspectionKind.NON_SITE, InspectionKind.NON_SITE.label),
        ],
    )
    non_site_source = forms.ChoiceField(
        label=_("Non-site source"), required=False, choices=[("", "—"), *NonSiteSource.choices]
    )
    inspector2: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Second inspector"), queryset=None, required=False
    )
    checklist = forms.ChoiceField(label=_("Checklist"), required=False)

    def __init__(self, *args: Any, facilities: Any, me: Inspector, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facility, inspector2, checklist = (self.fields[n] for n in ("facility", "inspector2", "checklist"))
        # self.fields is typed as dict[str, Field]
        assert isinstance(facility, forms.ModelChoiceField) and isinstance(inspector2, forms.ModelChoiceField)
        assert isinstance(checklist, forms.ChoiceField)
        facility.queryset = facilities
        inspector2.queryset = Inspector.objects.exclude(pk=me.pk).select_related("user")
        checklist.choices = [("", _("By the facility's industry"))] + [
            (c.key, c.name) for c in rules.checklists().values()
        ]


class RecordForm(forms.Form):
    inspected_at = forms.DateTimeField(
        label=_("Time of inspection"),
        widget=IsoDateTimeInput(),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    representative = forms.CharField(label=_("Enterprise representative"), max_length=50, required=False)
    representative_title = forms.CharField(
        label=_("Representative's position"), max_length=50, required=False
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Problem"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    required_action = forms.CharField(
        label=_("Required action"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # self.fields is typed as dict[str, Field]
        kind.choices = Kind.choices


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class _Named(Protocol):
    """An account as a choice shows it (accounts' User, which this app names only through its facade)."""

    @property
    def display_name(self) -> str: ...
    @property
    def username(self) -> str: ...


class _OfficerChoiceField(forms.ModelChoiceField):  # generic only in the stubs: not subscriptable at run time
    """A bureau officer, shown as 名字（username）."""

    def label_from_instance(self, obj: _Named) -> str:
        return f"{obj.display_name}（{obj.username}）"


class InspectorForm(forms.Form):
    """二库: put a bureau officer in the inspector pool, or change their certificate or availability."""

    user = _OfficerChoiceField(label=_("Bureau officer"), queryset=None, empty_label=None)
    certificate_number = forms.CharField(label=_("Enforcement certificate number"), max_length=40)
    available = forms.BooleanField(label=_("Available for draws"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, _OfficerChoiceField)  # the form's copy of the field declared above
        field.queryset = bureau_officers().order_by("username")


class RecusalForm(forms.Form):
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Inspector.objects.select_related("user")
    )
    credit_code = forms.CharField(label=_("Unified social credit code of the facility"), max_length=18)
    reason = forms.CharField(label=_("Reason for the recusal"), max_length=200)
