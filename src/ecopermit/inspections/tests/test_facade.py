"""The inspections facade (issue 12): what credit, the portal and the dashboard read, as plain values."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.core import clock
from ecopermit.inspections import facade, records, services
from ecopermit.inspections.tests.test_records import _at, visit  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
Q4 = {"since": dt.date(2026, 10, 1), "until": dt.date(2026, 12, 31)}
Q3 = {"since": dt.date(2026, 7, 1), "until": dt.date(2026, 9, 30)}


def test_a_facilitys_inspections_and_what_the_public_may_read(visit):  # noqa: F811
    fish = visit["fish"].pk
    [ref] = facade.inspections_of_facility(fish)
    assert (ref.number, ref.status, ref.inspected_on) == (
        visit["inspection"].number,
        "open",
        dt.date(2026, 9, 24),
    )
    assert facade.inspections_of_facility(fish, published_only=True) == []
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        done = records.inspection_complete(actor=visit["officer"], inspection=visit["inspection"])
        records.inspection_publish(actor=visit["officer"], inspection=done)
    [public] = facade.inspections_of_facility(fish, published_only=True)
    assert (public.status, public.outcome, public.published_on) == (
        "published",
        "problems",
        dt.date(2026, 9, 24),
    )
    assert facade.inspections_of_facility(visit["shipyard"].pk) == []


def test_progress_counts_the_plan_and_the_rest(visit):  # noqa: F811
    w = visit
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="s")
    services.plan_draw(actor=w["officer"], plan=plan)
    drawn = plan.tasks.count()
    assert drawn >= 1
    assert facade.inspection_progress(**Q4) == {
        "planned": drawn,
        "completed": 0,
        "published": 0,
        "with_problems": 0,
        "other_completed": 0,
    }
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        records.inspection_complete(actor=w["officer"], inspection=w["inspection"])  # the ad hoc visit, Q3
    assert facade.inspection_progress(**Q3)["other_completed"] == 1
    assert facade.inspection_progress(**Q3)["planned"] == 0  # the plan is for Q4
    assert facade.inspection_progress(**Q4)["other_completed"] == 0
