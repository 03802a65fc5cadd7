from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.industry import IndustryCodeError, normalize_industry_code
from ecopermit.registry.selectors import FacilityFilter
from ecopermit.registry.services import EDITABLE_FIELDS
from ecopermit.registry.vocab import ManagementClass, OperatingStatus, PermitStatus


def _blank(choices):
    return [("", _("All")), *choices]


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Town/street"), queryset=None, required=False, empty_label=_("All")
    )
    park: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Park"), queryset=None, required=False, empty_label=_("All")
    )
    industry = forms.RegexField(
        label=_("Industry code"),
        regex=r"^[A-Za-z]?\d{2,4}$",
        required=False,
        max_length=5,
        error_messages={"invalid": _("2 to 4 digits, e.g. 33 or 3360")},
    )
    management_class = forms.ChoiceField(
        label=_("Management class"), choices=_blank(ManagementClass.choices), required=False
    )
    permit_status = forms.ChoiceField(
        label=_("Permit status"), choices=_blank(PermitStatus.choices), required=False
    )
    status = forms.ChoiceField(
        label=_("Operating status"), choices=_blank(OperatingStatus.choices), required=False
    )
    key_list = forms.ChoiceField(
        label=_("Key discharger list"),
        choices=[("", _("All")), ("1", _("On the list")), ("0", _("Not on it"))],
        required=False,
    )

    def __init__(self, *args, towns, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
        self.fields["park"].queryset = parks

    def to_filter(self) -> FacilityFilter | None:
        """None when the input is invalid: the list then shows nothing (and the errors), never everything."""
        if not self.is_valid():
            return None
        d = self.cleaned_data
        industry = (d.get("industry") or "").lstrip("ABCDEFGHIJKLMNOPQRSTabcdefghijklmnopqrst")
        return FacilityFilter(
            text=d.get("q") or "",
            town=d["town"].pk if d.get("town") else None,
            park=d["park"].pk if d.get("park") else None,
            industry=industry,
            management_class=d.get("management_class") or "",
            permit_status=d.get("permit_status") or "",
            status=d.get("status") or "",
            key_list={"1": True, "0": False}.get(d.get("key_list") or ""),
        )


class FacilityEditForm(forms.ModelForm):
    industry_codes = forms.CharField(
        label=_("Industry codes (GB/T 4754-2017)"),
        max_length=200,
        help_text=_("One or more codes separated by commas; the first is the main industry."),
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=200)

    class Meta:
        from ecopermit.registry.models import Facility

        model = Facility
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].empty_label = _("Not in a park")
        self.fields["town"].empty_label = None

    def clean_industry_codes(self) -> list[str]:
        raw = [c for c in re.split(r"[,，、;；\s]+", self.cleaned_data["industry_codes"]) if c]
        codes: list[str] = []
        for item in raw:
            try:
                code = normalize_industry_code(item)
            except IndustryCodeError as exc:
                raise forms.ValidationError(str(exc)) from exc
            if len(code) < 3:
                raise forms.ValidationError(
                    _("%(code)s is a division; give a group or class code.") % {"code": code}
                )
            if code not in codes:
                codes.append(code)
        if not codes:
            raise forms.ValidationError(_("At least one industry code."))
        return codes
