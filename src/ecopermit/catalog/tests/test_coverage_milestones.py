"""Coverage against the plan's milestones (MISSION C5, issue 10 §5): 应发尽发 by 2020-09-30 and 持证排污 by
2021-09-30, on time / late / missing per facility, town and industry, on the screen and in the workbook."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ecopermit.accounts.scope import scope_of
from ecopermit.catalog import coverage_milestones, milestones
from ecopermit.registry.models import Facility, Permit, Registration

pytestmark = pytest.mark.django_db


def test_milestone_dates_are_the_plans_and_the_verdict_boundaries():
    marks = milestones.milestones()
    assert [(m.key, m.date) for m in marks] == [
        ("issued", dt.date(2020, 9, 30)),
        ("held", dt.date(2021, 9, 30)),
    ]
    assert "应发尽发" in marks[0].wording and "持证排污" in marks[1].wording
    day = dt.date(2020, 9, 30)
    assert milestones.verdict(day, day) == "on_time"  # the milestone's own day counts
    assert milestones.verdict(day + dt.timedelta(days=1), day) == "late"
    assert milestones.verdict(dt.date(2019, 1, 1), day) == "on_time"
    assert milestones.verdict(None, day) == "missing"


def test_a_district_sets_its_own_dates(settings):
    settings.ECOPERMIT_COVERAGE_MILESTONES = {"issued": "2020-12-31"}
    assert [m.date for m in milestones.milestones()] == [dt.date(2020, 12, 31), dt.date(2021, 9, 30)]
    settings.ECOPERMIT_COVERAGE_MILESTONES = {"held": "2021-13-01"}
    with pytest.raises(ValueError, match="held"):
        milestones.milestones()


def test_obtained_on_by_class():
    p, r = dt.date(2021, 5, 1), dt.date(2020, 5, 1)
    assert coverage_milestones.obtained_on("key", p, r) == p  # a registration does not cover a key facility
    assert coverage_milestones.obtained_on("simplified", None, r) is None
    assert coverage_milestones.obtained_on("registration", p, r) == r
    assert coverage_milestones.obtained_on("registration", p, None) == p  # a permit covers more


@pytest.fixture
def district(personas):  # type: ignore[no-untyped-def]
    def permit(f, issued, number):  # type: ignore[no-untyped-def]
        Permit.objects.create(
            facility=f,
            number=number,
            management_class="simplified",
            issued_on=issued,
            valid_until=issued.replace(year=issued.year + 5) - dt.timedelta(days=1),
        )

    Facility.objects.filter(pk=personas["shipyard"].pk).update(management_class="simplified")
    Facility.objects.filter(pk=personas["shipyard2"].pk).update(management_class="key")
    Facility.objects.filter(pk__in=[personas["fish"].pk, personas["foundry"].pk]).update(
        management_class="registration"
    )
    permit(personas["shipyard"], dt.date(2020, 8, 1), "P1")  # on time for both
    permit(personas["shipyard"], dt.date(2025, 8, 1), "P1b")  # its renewal does not move the first date
    permit(personas["shipyard2"], dt.date(2021, 3, 1), "P2")  # late for 应发尽发, on time for 持证排污
    Registration.objects.create(
        facility=personas["fish"], number="R1", registered_on=dt.date(2022, 1, 5)
    )  # late
    # the foundry has nothing: missing for both
    return personas


def test_per_facility_town_and_industry(district):
    rows = coverage_milestones.facility_milestones(scope_of(district["officer"]))
    got = {r.name: (r.obtained_on, r.verdicts) for r in rows}
    assert got == {
        district["shipyard"].name: (dt.date(2020, 8, 1), ("on_time", "on_time")),
        district["shipyard2"].name: (dt.date(2021, 3, 1), ("late", "on_time")),
        district["fish"].name: (dt.date(2022, 1, 5), ("late", "late")),
        district["foundry"].name: (None, ("missing", "missing")),
    }
    assert rows[0].name == district["foundry"].name  # missing first
    towns = {g["label"]: g for g in coverage_milestones.milestones_by_town(rows)}
    chengdong = towns["城东街道"]["milestones"]
    assert towns["城东街道"]["required"] == 2
    assert (chengdong[0]["on_time"], chengdong[0]["late"], chengdong[0]["missing"]) == (1, 1, 0)
    assert (chengdong[1]["on_time"], chengdong[1]["percent"]) == (2, 100.0)
    industries = {g["label"].split()[0]: g for g in coverage_milestones.milestones_by_industry(rows)}
    assert industries["37"]["required"] == 2 and industries["13"]["milestones"][1]["late"] == 1
    totals = coverage_milestones.milestones_totals(rows)
    assert [(t["on_time"], t["late"], t["missing"]) for t in totals] == [(1, 2, 1), (2, 1, 1)]


def test_closed_and_unrequired_facilities_are_not_counted(district):
    Facility.objects.filter(pk=district["foundry"].pk).update(status="closed")
    Facility.objects.filter(pk=district["fish"].pk).update(management_class="none")
    rows = coverage_milestones.facility_milestones(scope_of(district["officer"]))
    assert {r.name for r in rows} == {district["shipyard"].name, district["shipyard2"].name}


def test_the_screen_shows_the_milestones_in_the_towns_scope(district, login):
    response = login(district["town_chengdong"]).get("/catalog/coverage/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2020-09-30" in page and "2021-09-30" in page
    names = {f.name for f in response.context["milestone_page"]}
    assert names == {district["shipyard"].name, district["shipyard2"].name}  # its own town only
    assert [(t["on_time"], t["late"]) for t in response.context["milestone_totals"]] == [(1, 1), (2, 0)]


def test_the_workbook_has_the_milestones(district, login):
    response = login(district["officer"]).get("/catalog/coverage.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    sheets = wb.sheetnames
    milestone_sheet = next(
        wb[s] for s in sheets if wb[s]["F1"].value and "2020-09-30" in str(wb[s]["G1"].value)
    )
    values = {row[0]: row for row in milestone_sheet.iter_rows(min_row=2, values_only=True)}
    assert values[district["shipyard2"].name][5].date() == dt.date(2021, 3, 1)
    assert values[district["foundry"].name][5] is None
    verdicts = {name: row[6:] for name, row in values.items()}
    assert len({v for row in verdicts.values() for v in row}) == 3  # on time, late, missing: three labels
    assert verdicts[district["shipyard"].name][0] == verdicts[district["shipyard2"].name][1]  # both on time
    assert len(sheets) == 4 + 3


def test_the_screen_does_not_query_per_facility(district, login, make_facility):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(district["officer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/catalog/coverage/").status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for n in range(6):
        f = make_facility(f"新增企业{n}", "金塘镇", industry="1361", management_class="registration")
        Registration.objects.create(facility=f, number=f"RX{n}", registered_on=dt.date(2020, 5, 1))
    assert queries() == before
