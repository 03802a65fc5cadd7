"""The three lists of the 五步三清单工作法 (plan 二(二)5, MISSION P6): per facility and district-wide,
filterable, on screen and as XLSX with Chinese headers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy

from ecopermit.accounts.scope import Scope
from ecopermit.cases import selectors
from ecopermit.cases.vocab import Category, ProblemStatus
from ecopermit.core.selectors import department_list
from ecopermit.core.tables import Column, xlsx_bytes
from ecopermit.registry import facade as registry


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: Any
    columns: tuple[Column, ...]
    rows: Callable[[Any, Any], QuerySet[Any]]
    #: A row's deadline and whether it is met, for the overdue badge beside its last cell (issue 11 item 9).
    due: Callable[[Any], tuple[Any, bool]] | None = None


def _push_due(p: Any) -> tuple[Any, bool]:
    return p.push_by or (p.case.deadline if p.case else None), p.status != ProblemStatus.OPEN


def _service_due(s: Any) -> tuple[Any, bool]:
    return s.due, s.done_on is not None


def _date(d: Any) -> str:
    return d.isoformat() if d else ""


def _filter(
    qs: QuerySet[Any],
    params: Any,
    *,
    facility: str,
    department: str,
    category: str | None,
    status: str | None,
) -> QuerySet[Any]:
    def _int(name: str) -> int | None:
        try:
            return int(params.get(name) or 0) or None
        except ValueError:
            return -1

    if (town := _int("town")) is not None:
        qs = qs.filter(**{f"{facility}__town_id": town})
    if (dept := _int("department")) is not None:
        qs = qs.filter(**{f"{department}_id": dept})
    if (fac := _int("facility")) is not None:
        qs = qs.filter(**{f"{facility}_id": fac})
    if category and params.get("category"):
        qs = qs.filter(**{category: params["category"]})
    if status and params.get("status"):
        qs = qs.filter(**{status: params["status"]})
    return qs


def _problems(scope: Scope, params: Any) -> QuerySet[Any]:
    qs = selectors.problems_visible(scope).order_by("facility__town__code", "facility__name", "pk")
    return _filter(
        qs,
        params,
        facility="facility",
        department="responsible_department",
        category="category",
        status="status",
    )


def _services(scope: Scope, params: Any) -> QuerySet[Any]:
    qs = selectors.service_demands_visible(scope).order_by(
        "case__facility__town__code", "case__facility__name", "pk"
    )
    return _filter(qs, params, facility="case__facility", department="provider", category=None, status=None)


def _responsibilities(scope: Scope, params: Any) -> QuerySet[Any]:
    qs = (
        selectors.problems_visible(scope)
        .select_related("case", "responsible_department", "responsible_town")
        .exclude(status=ProblemStatus.WITHDRAWN)
        .order_by(F("push_by").asc(nulls_last=True), "facility__name", "pk")
    )
    return _filter(
        qs,
        params,
        facility="facility",
        department="responsible_department",
        category="category",
        status="status",
    )


LISTS: dict[str, ListSpec] = {
    "problems": ListSpec(
        "problems",
        gettext_lazy("Enterprise environmental problem list"),
        (
            Column(gettext_lazy("Facility"), lambda p: p.facility.name, 34),
            Column(gettext_lazy("Unified social credit code"), lambda p: p.facility.credit_code, 22),
            Column(gettext_lazy("Town/street"), lambda p: p.facility.town.name, 14),
            Column(gettext_lazy("Category"), lambda p: p.get_category_display(), 14),
            Column(gettext_lazy("Problem"), lambda p: p.get_kind_display(), 24),
            Column(gettext_lazy("Description"), lambda p: p.description, 40),
            Column(gettext_lazy("Source"), lambda p: p.get_source_display(), 14),
            Column(gettext_lazy("Found on"), lambda p: _date(p.found_on), 12),
            Column(gettext_lazy("Status"), lambda p: p.get_status_display(), 10),
        ),
        _problems,
    ),
    "services": ListSpec(
        "services",
        gettext_lazy("Rectification service-demand list"),
        (
            Column(gettext_lazy("Facility"), lambda s: s.case.facility.name, 34),
            Column(gettext_lazy("Town/street"), lambda s: s.case.facility.town.name, 14),
            Column(gettext_lazy("Service"), lambda s: s.get_kind_display(), 20),
            Column(gettext_lazy("Description"), lambda s: s.description, 40),
            Column(gettext_lazy("Provided by"), lambda s: s.provider.name if s.provider else "", 22),
            Column(gettext_lazy("Due"), lambda s: _date(s.due), 12),
            Column(gettext_lazy("Done on"), lambda s: _date(s.done_on), 12),
        ),
        _services,
        _service_due,
    ),
    "responsibilities": ListSpec(
        "responsibilities",
        gettext_lazy("Rectification supervision responsibility list"),
        (
            Column(gettext_lazy("Facility"), lambda p: p.facility.name, 34),
            Column(gettext_lazy("Town/street"), lambda p: p.facility.town.name, 14),
            Column(gettext_lazy("Problem"), lambda p: p.get_kind_display(), 24),
            Column(
                gettext_lazy("Department responsible for pushing"),
                lambda p: p.responsible_department.name if p.responsible_department else "",
                22,
            ),
            Column(
                gettext_lazy("Town responsible for pushing"),
                lambda p: p.responsible_town.name if p.responsible_town else p.facility.town.name,
                14,
            ),
            Column(
                gettext_lazy("Push by"),
                lambda p: _date(p.push_by or (p.case.deadline if p.case else None)),
                12,
            ),
            Column(gettext_lazy("Status"), lambda p: p.get_status_display(), 10),
        ),
        _responsibilities,
        _push_due,
    ),
}


def to_xlsx(spec: ListSpec, rows: QuerySet[Any]) -> bytes:
    return xlsx_bytes(str(spec.title), spec.columns, rows.iterator(chunk_size=2000))


class ListFilterForm(forms.Form):
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Town/street"), queryset=None, required=False, empty_label=gettext_lazy("All")
    )
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=None, required=False, empty_label=gettext_lazy("All")
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), required=False, choices=[("", gettext_lazy("All")), *Category.choices]
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *ProblemStatus.choices],
    )


def filter_form(request: Any) -> ListFilterForm:
    form = ListFilterForm(request.GET or None)
    town, department = form.fields["town"], form.fields["department"]
    assert isinstance(town, forms.ModelChoiceField)  # self.fields is typed as dict[str, Field]
    assert isinstance(department, forms.ModelChoiceField)
    town.queryset = registry.facility_towns(request.scope)
    department.queryset = department_list()
    return form
