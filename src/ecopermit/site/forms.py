"""The audit log's filter (issue 11 item 5): choices in words, never codes to type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecopermit.core.audit.actions import action_choices, family_choices, object_type_choices
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.audit.selectors import audited_object_types


class AuditFilterForm(forms.Form):
    family = forms.ChoiceField(label=_("Area"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    username = forms.CharField(label=_("Account"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *AuditEvent.Outcome.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[Any] = [("", _("All"))]
        offered: dict[str, list[Any]] = {
            "family": family_choices(),
            "action": action_choices(),
            "object_type": object_type_choices(audited_object_types()),
        }
        for name, choices in offered.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # self.fields is typed as dict[str, Field]
            field.choices = everything + choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def search_arguments(self) -> dict[str, Any]:
        """The ``audit_search`` keywords for valid filters (days in Beijing time, the last day included)."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data

        def start_of(day: dt.date) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

        return {
            "families": d["family"].split(",") if d["family"] else None,
            "action": d["action"],
            "username": d["username"].strip(),
            "object_type": d["object_type"],
            "outcome": d["outcome"],
            "since": start_of(d["since"]) if d["since"] else None,
            "until": start_of(d["until"] + dt.timedelta(days=1)) if d["until"] else None,
        }
