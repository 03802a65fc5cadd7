"""The facts of one facility as plain frozen data, for the rules that derive its problems (一查, MISSION P1).

Read through ``registry.facade.facility_facts``; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ecopermit.registry import validity
from ecopermit.registry.models import Facility


@dataclass(frozen=True)
class PermitFact:
    number: str
    management_class: str
    issued_on: dt.date
    valid_until: dt.date


@dataclass(frozen=True)
class RegistrationFact:
    number: str
    registered_on: dt.date
    valid_until: dt.date  # the recorded end, else five years from registration (``registry.validity``)


@dataclass(frozen=True)
class EiaFact:
    number: str
    report_type: str
    approved_on: dt.date
    project_name: str


@dataclass(frozen=True)
class LimitFact:
    pollutant_code: str
    pollutant_name: str
    statistic: str
    value: Decimal
    unit: str
    source: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class MeasurementFact:
    pollutant_code: str
    sampled_on: dt.date
    value: Decimal
    unit: str
    report_number: str


@dataclass(frozen=True)
class OutletFact:
    code: str
    name: str
    medium: str
    kind: str
    auto_monitoring_installed: bool
    auto_monitoring_networked: bool
    standardized: bool
    in_eia_approval: bool | None
    limits: tuple[LimitFact, ...] = ()
    measurements: tuple[MeasurementFact, ...] = ()


@dataclass(frozen=True)
class UnitFact:
    """A production unit the survey lists (boiler, furnace) and whether the EIA approval covers it."""

    kind: str  # "boiler" | "furnace"
    name: str
    in_eia_approval: bool | None


@dataclass(frozen=True)
class SurveyProblemFact:
    number: str
    kind: str
    description: str
    outlet_code: str
    found_on: dt.date
    reported_by: str
    required_action: str


@dataclass(frozen=True)
class FacilityFacts:
    id: int
    name: str
    credit_code: str
    status: str
    town_id: int
    on_key_list: bool
    construction_started_on: dt.date | None
    commissioned_on: dt.date | None
    permits: tuple[PermitFact, ...]
    registrations: tuple[RegistrationFact, ...]
    eia_approvals: tuple[EiaFact, ...]
    outlets: tuple[OutletFact, ...]
    units: tuple[UnitFact, ...]
    survey_problems: tuple[SurveyProblemFact, ...]
    is_demo: bool


def facility_facts(facility_id: int) -> FacilityFacts:
    f = Facility.objects.prefetch_related(
        "permits",
        "registrations",
        "eia_approvals",
        "outlets__limits",
        "outlets__measurements",
        "boilers",
        "furnaces",
        "survey_problems",
    ).get(pk=facility_id)
    outlets = tuple(
        OutletFact(
            o.code,
            o.name,
            o.medium,
            o.kind,
            o.auto_monitoring_installed,
            o.auto_monitoring_networked,
            o.standardized,
            o.in_eia_approval,
            tuple(
                LimitFact(
                    x.pollutant_code,
                    x.pollutant_name,
                    x.statistic,
                    x.value,
                    x.unit,
                    x.source,
                    x.valid_from,
                    x.valid_to,
                )
                for x in o.limits.all()
            ),
            tuple(
                MeasurementFact(m.pollutant_code, m.sampled_on, m.value, m.unit, m.report_number)
                for m in o.measurements.all()
            ),
        )
        for o in sorted(f.outlets.all(), key=lambda o: o.code)
    )
    units = tuple(
        [UnitFact("boiler", b.name, b.in_eia_approval) for b in sorted(f.boilers.all(), key=lambda b: b.name)]
        + [
            UnitFact("furnace", x.name, x.in_eia_approval)
            for x in sorted(f.furnaces.all(), key=lambda x: x.name)
        ]
    )
    return FacilityFacts(
        id=f.pk,
        name=f.name,
        credit_code=f.credit_code,
        status=f.status,
        town_id=f.town_id,
        on_key_list=f.on_key_list,
        construction_started_on=f.construction_started_on,
        commissioned_on=f.commissioned_on,
        permits=tuple(
            PermitFact(p.number, p.management_class, p.issued_on, p.valid_until)
            for p in sorted(f.permits.all(), key=lambda p: (p.issued_on, p.number))
        ),
        registrations=tuple(
            RegistrationFact(
                r.number, r.registered_on, validity.registration_valid_until(r.registered_on, r.valid_until)
            )
            for r in sorted(f.registrations.all(), key=lambda r: (r.registered_on, r.number))
        ),
        eia_approvals=tuple(
            EiaFact(e.number, e.report_type, e.approved_on, e.project_name)
            for e in sorted(f.eia_approvals.all(), key=lambda e: (e.approved_on, e.number))
        ),
        outlets=outlets,
        units=units,
        survey_problems=tuple(
            SurveyProblemFact(
                p.number, p.kind, p.description, p.outlet_code, p.found_on, p.reported_by, p.required_action
            )
            for p in sorted(f.survey_problems.all(), key=lambda p: (p.found_on, p.number))
        ),
        is_demo=f.is_demo,
    )
