"""The nightly self-monitoring watch (条例 Art. 36(5)): a sampling period that ended without a result is a problem,
once per plan line and period; automatic lines, partial periods and periods not yet ended are not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from ecopermit.cases.models import Problem
from ecopermit.filings import selfmon_services as services
from ecopermit.filings.models import MonitoringPlanItem
from ecopermit.filings.tests.selfmon_kit import (
    COD,
    PM,
    SH,
    audit,
    notes,
    outlet,
    permit,
)
from ecopermit.registry.models import Permit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


@pytest.fixture
def fish_line(personas):  # type: ignore[no-untyped-def]
    """The fish processor: a simplified permit from 15 February 2025, one main wastewater outlet with a COD limit
    (quarterly sampling by the default table)."""
    fish = personas["fish"]
    permit(fish, number="FISH-2025", cls="simplified", issued=dt.date(2025, 2, 15))
    outlet(fish, "DW001", medium="water", limits={(COD, "daily"): "100"}, unit="mg/L")
    (item,) = services.monitoring_plan_generate(
        actor=personas["officer"], facility_id=fish.pk, on=dt.date(2025, 3, 1)
    )
    assert item.frequency == "quarterly"
    return item


def fish_problems(personas):
    return list(
        Problem.objects.filter(facility=personas["fish"], kind="self_monitoring_missing").order_by(
            "source_ref"
        )
    )


def test_a_quarter_without_a_result_is_a_problem_once(personas, fish_line):
    # Q1 2025 is partial (the permit began on 15 February): no finding without a result. Q2 ended on 30 June.
    assert services.selfmon_watch(dt.date(2025, 7, 1)) == 1
    (problem,) = fish_problems(personas)
    assert problem.source_ref == f"filings.selfmon:{fish_line.pk}:2025-04-01"
    assert problem.evidence["article"] == "《排污许可管理条例》第三十六条第（五）项"
    assert (problem.evidence["period_start"], problem.evidence["period_end"]) == ("2025-04-01", "2025-06-30")
    assert problem.evidence["frequency_source"] == fish_line.source and problem.found_on == dt.date(
        2025, 7, 1
    )
    assert "化学需氧量" in problem.description and "2025-04-01" in problem.description
    (event,) = audit("filings.selfmon.missing")
    assert event.after["problem"] == problem.pk and event.object_id == str(fish_line.pk)
    (note,) = notes(personas["fish_manager"])
    assert note.link == f"/filings/selfmon/{personas['fish'].pk}/"
    assert len(notes(personas["officer"])) == 1
    # the next nights raise nothing new
    assert services.selfmon_watch(dt.date(2025, 7, 2)) == 0
    assert services.selfmon_watch(dt.date(2025, 9, 30)) == 0  # Q3 has not ended
    assert len(fish_problems(personas)) == 1 and len(audit("filings.selfmon.missing")) == 1


def test_a_result_in_the_period_meets_it_and_december_is_judged_in_january(personas, fish_line):
    for day in (dt.date(2025, 5, 6), dt.date(2025, 8, 9)):
        with time_machine.travel(dt.datetime(day.year, day.month, day.day, 17, tzinfo=SH), tick=False):
            services.monitoring_result_add(
                actor=personas["fish_manager"], item=fish_line, sampled_on=day, value=Decimal(40), unit="mg/L"
            )
    assert services.selfmon_watch(dt.date(2025, 12, 31)) == 0
    assert services.selfmon_watch(dt.date(2026, 1, 1)) == 1  # Q4 2025, judged in the new year
    (problem,) = fish_problems(personas)
    assert problem.source_ref.endswith(":2025-10-01")


def test_automatic_lines_and_no_permit_raise_nothing(personas, shipyard_plant, fish_line):
    services.monitoring_plan_generate(
        actor=personas["officer"], facility_id=personas["shipyard"].pk, on=dt.date(2025, 1, 1)
    )
    automatic = MonitoringPlanItem.objects.get(outlet=shipyard_plant["coating"], pollutant_code=PM)
    assert automatic.automatic
    raised = services.selfmon_watch(dt.date(2025, 7, 1))
    refs = set(Problem.objects.filter(kind="self_monitoring_missing").values_list("source_ref", flat=True))
    assert not any(ref.startswith(f"filings.selfmon:{automatic.pk}:") for ref in refs)
    # the shipyard's manual lines since its permit of 1 January 2024, through Q2 2025: SO2 and NOx 6 quarters each,
    # the two mercury lines 2024 (2025 not ended), COD 18 months; and the fish processor's Q2
    assert raised == len(refs) == 6 + 6 + 1 + 1 + 18 + 1
    # a facility whose permit has ended owes nothing for the periods after it
    Permit.objects.filter(facility=personas["fish"]).update(valid_until=dt.date(2025, 9, 30))
    assert (
        services.selfmon_watch(dt.date(2026, 1, 5)) == 1 + 12
    )  # fish Q3; the shipyard's Q3-Q4 of SO2 and NOx, 2025 of both mercury lines, COD July-December
    assert not Problem.objects.filter(source_ref=f"filings.selfmon:{fish_line.pk}:2025-10-01").exists()
