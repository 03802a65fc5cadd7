"""Coverage, the 应发尽发 figure (MISSION C5): who needs a permit or registration and who holds one."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ecopermit.accounts.scope import scope_of
from ecopermit.catalog import selectors
from ecopermit.registry.models import Facility

pytestmark = pytest.mark.django_db


def _set(facility, management_class, permit_status, **extra):  # type: ignore[no-untyped-def]
    Facility.objects.filter(pk=facility.pk).update(
        management_class=management_class, permit_status=permit_status, **extra
    )


@pytest.fixture
def classified(personas):  # type: ignore[no-untyped-def]
    _set(personas["shipyard"], "simplified", "permit_valid")  # covered
    _set(personas["shipyard2"], "key", "registered")  # a key facility with only a registration: missing
    _set(personas["fish"], "registration", "registered")  # covered
    _set(personas["foundry"], "registration", "none")  # missing
    return personas


def test_totals_and_missing_list(classified):
    scope = scope_of(classified["officer"])
    totals = selectors.coverage_totals(scope)
    assert (totals["total"], totals["required"], totals["covered"]) == (4, 4, 2)
    missing = {f.name: f.needs for f in selectors.coverage_missing(scope)}
    assert missing == {classified["shipyard2"].name: "permit", classified["foundry"].name: "registration"}


def test_closed_and_outside_the_catalog_need_nothing(classified):
    _set(classified["foundry"], "registration", "none", status="closed")
    _set(classified["shipyard2"], "none", "none")
    totals = selectors.coverage_totals(scope_of(classified["officer"]))
    assert (totals["total"], totals["required"], totals["covered"]) == (3, 2, 2)


def test_by_town_and_class(classified):
    scope = scope_of(classified["officer"])
    towns = {
        r["label"]: (r["required"], r["covered"], r["percent"]) for r in selectors.coverage_by_town(scope)
    }
    assert towns["城东街道"] == (2, 1, 50.0)
    assert towns["金塘镇"] == (1, 1, 100.0)
    classes = {r["management_class"]: r["missing"] for r in selectors.coverage_by_class(scope)}
    assert classes == {"key": 1, "simplified": 0, "registration": 1}


def test_town_officer_sees_only_their_town(classified, login):
    client = login(classified["town_chengdong"])
    response = client.get("/catalog/coverage/")
    assert response.status_code == 200
    assert response.context["totals"]["total"] == 2
    assert [f.name for f in response.context["page"]] == [classified["shipyard2"].name]


def test_export_has_the_missing_list_and_the_breakdowns(classified, login):
    client = login(classified["officer"])
    response = client.get("/catalog/coverage.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    missing = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in missing} == {classified["shipyard2"].name, classified["foundry"].name}
    assert len(wb.worksheets) == 4 + 3  # and the three milestone sheets (test_coverage_milestones)


def test_enterprises_do_not_see_coverage(classified, login):
    assert login(classified["shipyard_manager"]).get("/catalog/coverage/").status_code == 403


def test_reconciliation_explains_the_list_page_figures(classified, login):
    """持证有效 + 已登记 on the list page − closed − not needing one − registration where a permit is needed
    = 已发证或登记 here (issue 11 item 7)."""
    from ecopermit.registry.facade import facility_status_counts

    _set(classified["foundry"], "registration", "permit_valid", status="closed")  # holds one, closed
    _set(classified["fish"], "none", "registered")  # outside the catalog, registered anyway
    scope = scope_of(classified["officer"])
    r = selectors.coverage_reconciliation(scope)
    listed = facility_status_counts(scope)
    assert (r["permit_valid"], r["registered"]) == (listed["permit_valid"], listed["registered"]) == (2, 2)
    assert (r["closed"], r["not_required"], r["registration_only"]) == (1, 1, 1)
    assert r["covered"] == selectors.coverage_totals(scope)["covered"] == 1  # the shipyard
    assert r["permit_valid"] + r["registered"] - r["closed"] - r["not_required"] - r["registration_only"] == 1
    page = login(classified["officer"]).get("/catalog/coverage/").content.decode()
    assert "2 + 2 − 1 − 1 − 1 = 1" in page.replace("\n", " ")
