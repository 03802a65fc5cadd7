"""Coverage against the plan's milestones (MISSION C5): for each facility that needs a permit or registration,
when it first obtained one, and whether that was on time for 应发尽发 (2020-09-30) and 持证排污 (2021-09-30) —
per facility, per town and per industry. The dates are data (``catalog.milestones``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Min
from django.db.models.functions import Substr

from ecopermit.accounts.scope import Scope
from ecopermit.catalog import milestones as rules
from ecopermit.catalog.selectors import PERMIT_CLASSES, REQUIRED, coverage_base
from ecopermit.core.industry import industry_name, is_valid


@dataclass(frozen=True)
class FacilityMilestones:
    pk: int
    name: str
    credit_code: str
    town: str
    division: str
    management_class: str
    management_class_label: str
    obtained_on: dt.date | None
    verdicts: tuple[str, ...]  # one per milestone, in milestone order


def obtained_on(
    management_class: str, first_permit: dt.date | None, first_registration: dt.date | None
) -> Any:
    """The day the facility first held what its class needs: a permit for 重点/简化; a registration or a permit
    (which covers more) for 登记."""
    if management_class in PERMIT_CLASSES:
        return first_permit
    dates = [d for d in (first_permit, first_registration) if d is not None]
    return min(dates) if dates else None


def facility_milestones(scope: Scope) -> list[FacilityMilestones]:
    """Every facility in scope that needs a permit or registration, missing first, then late, then on time."""
    marks = rules.milestones()
    qs = (
        coverage_base(scope)
        .filter(REQUIRED)
        .annotate(
            first_permit=Min("permits__issued_on"),
            first_registration=Min("registrations__registered_on"),
            division=Substr("primary_industry", 1, 2, output_field=CharField()),
        )
        .select_related("town")
        .order_by("town__code", "name", "pk")
    )
    out = []
    for f in qs:
        got = obtained_on(f.management_class, f.first_permit, f.first_registration)
        out.append(
            FacilityMilestones(
                f.pk,
                f.name,
                f.credit_code,
                f.town.name,
                f.division,
                f.management_class,
                f.get_management_class_display(),
                got,
                tuple(rules.verdict(got, m.date) for m in marks),
            )
        )
    rank = {v: n for n, v in enumerate((rules.MISSING, rules.LATE, rules.ON_TIME))}
    return sorted(out, key=lambda r: tuple(rank[v] for v in reversed(r.verdicts)))


def _group(rows: list[FacilityMilestones], key: Any, label: Any) -> list[dict[str, Any]]:
    marks = rules.milestones()
    groups: dict[str, list[FacilityMilestones]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    out = []
    for k in sorted(groups):
        members = groups[k]
        per = []
        for i, _m in enumerate(marks):
            counts: dict[str, float] = {
                v: sum(1 for r in members if r.verdicts[i] == v) for v in rules.VERDICTS
            }
            counts["percent"] = round(100 * counts[rules.ON_TIME] / len(members), 1)
            per.append(counts)
        out.append({"label": label(k), "required": len(members), "milestones": per})
    return out


def milestones_by_town(rows: list[FacilityMilestones]) -> list[dict[str, Any]]:
    return _group(rows, lambda r: r.town, lambda k: k)


def milestones_by_industry(rows: list[FacilityMilestones]) -> list[dict[str, Any]]:
    return _group(
        rows, lambda r: r.division, lambda k: f"{k} {industry_name(k) if is_valid(k) else ''}".strip()
    )


def milestones_totals(rows: list[FacilityMilestones]) -> list[dict[str, Any]]:
    """Per milestone: its date, label and the district's counts."""
    marks = rules.milestones()
    group = _group(rows, lambda r: "", lambda k: k)
    counts = (
        group[0]["milestones"]
        if group
        else [{**dict.fromkeys(rules.VERDICTS, 0), "percent": None}] * len(marks)
    )
    return [{"milestone": m, **c} for m, c in zip(marks, counts, strict=True)]
