"""The nightly ledger watch (条例 Art. 37(1)), a bureau default: a facility that held a permit on every day of the last
full month and has no ledger entry dated in it gets a "ledger not kept" problem, once per facility and month."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.cases.models import Problem
from ecopermit.filings import ledger_services as services
from ecopermit.filings.tests.selfmon_kit import audit, notes, permit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


@pytest.fixture
def holders(personas):  # type: ignore[no-untyped-def]
    permit(personas["shipyard"], number="SHIPYARD-2024", issued=dt.date(2024, 1, 1))
    permit(personas["fish"], number="FISH-2025", cls="simplified", issued=dt.date(2025, 2, 15))
    permit(personas["foundry"], number="FOUNDRY-2025", issued=dt.date(2025, 6, 15))  # not the whole of June
    services.ledger_entry_add(
        actor=personas["fish_manager"],
        facility_id=personas["fish"].pk,
        category="production",
        subject="速冻车间",
        occurred_on=dt.date(2025, 6, 20),
        content="生产带鱼段12吨",
    )


def test_a_holder_with_no_entry_in_the_last_full_month_gets_a_problem_once(personas, holders):
    assert services.ledger_watch(dt.date(2025, 7, 1)) == 1
    (problem,) = Problem.objects.filter(kind="ledger_missing")
    assert problem.facility == personas["shipyard"] and problem.source_ref == "filings.ledger:2025-06"
    assert problem.evidence["article"] == "《排污许可管理条例》第三十七条第（一）项"
    assert "局默认" in problem.evidence["rule"]
    assert (problem.evidence["period_start"], problem.evidence["period_end"]) == ("2025-06-01", "2025-06-30")
    assert "2025-06-01" in problem.description and problem.found_on == dt.date(2025, 7, 1)
    (event,) = audit("filings.ledger.missing")
    assert event.object_id == str(personas["shipyard"].pk) and event.after["problem"] == problem.pk
    (note,) = notes(personas["shipyard_manager"])
    assert note.link == f"/filings/ledger/{personas['shipyard'].pk}/"
    assert notes(personas["fish_manager"]) == []
    # the next nights of July raise nothing new; August judges July
    assert services.ledger_watch(dt.date(2025, 7, 31)) == 0
    assert services.ledger_watch(dt.date(2025, 8, 1)) == 3  # July: now the fish processor and foundry too
    assert set(Problem.objects.filter(kind="ledger_missing").values_list("source_ref", flat=True)) == {
        "filings.ledger:2025-06",
        "filings.ledger:2025-07",
    }


def test_an_entry_recorded_late_still_counts_for_its_month(personas, holders):
    services.ledger_entry_add(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        category="treatment",
        subject="TA001",
        occurred_on=dt.date(2025, 6, 30),
        content="RTO正常运行",
    )
    assert services.ledger_watch(dt.date(2025, 7, 1)) == 0
    assert not Problem.objects.filter(kind="ledger_missing").exists()


def test_january_judges_december_and_no_permit_no_problem(personas):
    permit(
        personas["shipyard"], number="SHIPYARD-2020", issued=dt.date(2020, 1, 1), until=dt.date(2024, 12, 31)
    )
    assert services.last_full_month(dt.date(2025, 1, 2)) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert services.ledger_watch(dt.date(2025, 1, 2)) == 1
    assert services.ledger_watch(dt.date(2025, 2, 1)) == 0  # the permit ended with 2024
