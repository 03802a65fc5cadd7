"""Execution reports (MISSION M4; issue 13): scheduled from the permits, submitted with their key tables, reviewed,
versions kept, reminded, and raised as a problem under 条例 Art. 37(3) when never submitted. Personas: the shipyard
of 城东街道 holds a key-management permit since 2025-06-01; its environment manager submits, the officer reviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.filings import services
from ecopermit.filings.models import ExecutionReport, ReportEvent, ReportStatus, ReportVersion
from ecopermit.filings.report_data import EmissionRow, OperationRow, ReportData, ShutdownRow, TotalRow
from ecopermit.registry.models import Outlet, OutletLimit, Permit

pytestmark = pytest.mark.django_db

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def permitted(personas):
    shipyard = personas["shipyard"]
    permit = Permit.objects.create(
        facility=shipyard,
        number="91330902MA0000001X001P",
        management_class="key",
        issued_on=D(2025, 6, 1),
        valid_until=D(2030, 5, 31),
    )
    outlet = Outlet.objects.create(
        facility=shipyard, code="DA001", name="喷涂废气排放口", medium="gas", kind="main"
    )
    for code in ("a21026", "a24088"):
        OutletLimit.objects.create(
            outlet=outlet,
            pollutant_code=code,
            pollutant_name=code,
            statistic="hourly",
            value=Decimal("50"),
            unit="mg/m3",
            source="GB 16297",
            valid_from=D(2025, 6, 1),
        )
    return {**personas, "permit": permit, "outlet": outlet}


def good_data() -> ReportData:
    return ReportData(
        emissions=(
            EmissionRow("DA001", "a21026", Decimal("42.1"), Decimal("18.3"), Decimal("1.250")),
            EmissionRow("DA001", "a24088", Decimal("30"), Decimal("12"), Decimal("0.800")),
        ),
        totals=(TotalRow("a21026", Decimal("1.250")), TotalRow("a24088", Decimal("0.800"))),
        operations=(
            OperationRow(
                "喷涂线",
                Decimal("1800"),
                product="船舶涂装",
                production_amount=Decimal("12"),
                production_unit="艘",
            ),
        ),
        commitment=True,
    )


def quarter(permitted, number: int = 1) -> ExecutionReport:
    services.reports_schedule(year=2026)
    return ExecutionReport.objects.get(
        permit=permitted["permit"], kind="quarterly", year=2026, period_no=number
    )


def test_a_key_permit_owes_an_annual_and_four_quarterly_reports_scheduled_once(permitted):
    assert services.reports_schedule(year=2026) == 5
    assert services.reports_schedule(year=2026) == 0  # a report scheduled is never scheduled twice
    rows = list(
        ExecutionReport.objects.order_by("kind", "period_no").values_list("kind", "period_no", "due_on")
    )
    assert rows == [
        ("annual", 1, D(2027, 1, 15)),
        ("quarterly", 1, D(2026, 4, 15)),
        ("quarterly", 2, D(2026, 7, 15)),
        ("quarterly", 3, D(2026, 10, 15)),
        ("quarterly", 4, D(2027, 1, 15)),
    ]
    assert ExecutionReport.objects.values("number").distinct().count() == 5
    assert ExecutionReport.objects.first().number.startswith("ZX2026-")


def test_the_first_year_of_a_permit_issued_in_june_skips_nothing_it_held_long_enough(permitted):
    """Held from 1 June 2025: the 2025 annual report is due (7 months held), the 2025 Q2 report too (1 month)."""
    services.reports_schedule(year=2025)
    kinds = sorted(ExecutionReport.objects.filter(year=2025).values_list("kind", "period_no"))
    assert kinds == [("annual", 1), ("quarterly", 2), ("quarterly", 3), ("quarterly", 4)]
    q2 = ExecutionReport.objects.get(year=2025, kind="quarterly", period_no=2)
    assert (q2.covers_start, q2.covers_end) == (D(2025, 6, 1), D(2025, 6, 30))


def test_a_simplified_permit_owes_the_annual_report_only_unless_its_permit_says_more(permitted):
    permit = permitted["permit"]
    Permit.objects.filter(pk=permit.pk).update(management_class="simplified")
    services.reports_schedule(year=2026)
    assert list(ExecutionReport.objects.values_list("kind", flat=True)) == ["annual"]
    services.requirement_set(
        actor=permitted["officer"], permit_id=permit.pk, frequency="monthly", source="副本第五条"
    )
    assert services.reports_schedule(year=2026) == 12
    assert AuditEvent.objects.filter(action="filings.requirement.set").count() == 1


def test_the_manager_submits_and_the_officer_returns_then_accepts_the_second_version(permitted):
    manager, officer = permitted["shipyard_manager"], permitted["officer"]
    report = quarter(permitted)

    version = services.report_submit(
        actor=manager, report=report, data=good_data(), content=PDF, file_name="2026Q1.pdf"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and version.version == 1
    assert (
        version.sha256
        and version.file.read() == PDF
        and version.data["emissions"][0]["max_concentration"] == "42.1"
    )

    with pytest.raises(DomainError):  # a return says why
        services.report_review(actor=officer, report=report, accept=False, note="")
    services.report_review(
        actor=officer, report=report, accept=False, note="DA001 甲苯最大浓度与监测报告不符"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    second = services.report_submit(
        actor=manager, report=report, data=good_data(), content=PDF, file_name="v2.pdf"
    )
    services.report_review(actor=officer, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and second.version == 2
    versions = list(
        ReportVersion.objects.filter(report=report).order_by("version").values_list("version", "review")
    )
    assert versions == [(1, "returned"), (2, "accepted")]  # the returned version is kept
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == ["status.submit", "status.return", "status.resubmit", "status.accept"]
    actions = set(
        AuditEvent.objects.filter(object_type__contains="executionreport").values_list("action", flat=True)
    )
    assert {
        "filings.report.submit",
        "filings.report.return",
        "filings.report.resubmit",
        "filings.report.accept",
    } <= actions


def test_a_report_with_errors_names_them_and_stores_nothing(permitted):
    report = quarter(permitted)
    bad = ReportData(
        emissions=(EmissionRow("DA009", "a21026", Decimal("10"), Decimal("20"), Decimal("1")),),
        totals=(TotalRow("a21026", Decimal("5")),),
        operations=(OperationRow("喷涂线", Decimal("100")),),
        commitment=True,
    )
    with pytest.raises(services.ReportRejected) as caught:
        services.report_submit(actor=permitted["shipyard_manager"], report=report, data=bad, content=PDF)
    text = "\n".join(str(i) for i in caught.value.issues)
    assert "排放情况" in text and "第2行" in text and "DA009" in text
    assert "排放量合计" in text  # 5 t is not the sum of its outlets (1 t)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not report.versions.exists()


def test_a_full_report_needs_the_national_platforms_pdf_a_shutdown_statement_does_not(permitted):
    report = quarter(permitted)
    manager = permitted["shipyard_manager"]
    with pytest.raises(DomainError, match="PDF"):
        services.report_submit(actor=manager, report=report, data=good_data())
    with pytest.raises(DomainError, match="PDF"):
        services.report_submit(actor=manager, report=report, data=good_data(), content=b"PK\x03\x04not a pdf")
    statement = ReportData(
        shutdowns=(ShutdownRow(report.covers_start, report.covers_end, "船坞改造停产"),), commitment=True
    )
    version = services.report_submit(actor=manager, report=report, data=statement)
    assert version.shutdown_only and not version.file


def test_an_officer_may_not_review_what_is_not_submitted_and_an_enterprise_may_not_review(permitted):
    report = quarter(permitted)
    with pytest.raises(DomainError):
        services.report_review(actor=permitted["officer"], report=report, accept=True)


def test_the_watch_reminds_before_and_raises_a_never_submitted_report_once_under_art_37_3(permitted):
    report = quarter(permitted)  # 2026 Q1, due 2026-04-15
    result = services.reports_watch(today=D(2026, 4, 1))
    report.refresh_from_db()
    assert result["reminded"] >= 1 and report.reminded_on == D(2026, 4, 1)
    assert services.reports_watch(today=D(2026, 4, 2))["reminded"] == 0  # once
    assert services.reports_watch(today=D(2026, 4, 15))["overdue"] == 0  # the due day itself is still in time

    assert services.reports_watch(today=D(2026, 4, 16))["overdue"] == 1
    report.refresh_from_db()
    problem = Problem.objects.get(pk=report.overdue_problem_id)
    assert problem.kind == "report_missing" and problem.facility_id == permitted["shipyard"].pk
    assert "第三十七条第（三）项" in problem.evidence["article"] and report.number in problem.description
    assert services.reports_watch(today=D(2026, 4, 17))["overdue"] == 0  # raised once
    assert Problem.objects.filter(kind="report_missing", source_ref=f"report:{report.pk}").count() == 1
    # the 2025 reports the permit owed (held since June 2025, nothing submitted) were raised too, each once
    late_2025 = ExecutionReport.objects.filter(year=2025).count()
    assert late_2025 == 4 and Problem.objects.filter(kind="report_missing").count() == late_2025 + 1


def test_a_returned_report_is_not_overdue_it_was_submitted_in_time(permitted):
    report = quarter(permitted)
    services.report_submit(actor=permitted["shipyard_manager"], report=report, data=good_data(), content=PDF)
    services.report_review(actor=permitted["officer"], report=report, accept=False, note="补充台账")
    services.reports_watch(today=D(2026, 5, 1))
    report.refresh_from_db()
    assert report.overdue_problem_id is None
    assert not Problem.objects.filter(source_ref=f"report:{report.pk}").exists()


def test_a_moved_deadline_moves_the_reports_not_yet_submitted(permitted):
    report = quarter(permitted)
    services.deadline_override_set(
        actor=permitted["officer"],
        kind="quarterly",
        year=2026,
        number=1,
        due_on=D(2026, 4, 30),
        source="环办函〔2026〕1号",
    )
    report.refresh_from_db()
    assert report.due_on == D(2026, 4, 30) and report.due_source == "环办函〔2026〕1号"
    services.reports_watch(today=D(2026, 4, 20))  # past the old date, before the new one
    report.refresh_from_db()
    assert report.overdue_problem_id is None


def test_the_stored_report_kinds_are_the_rules_kinds():
    """``_overrides`` hands a stored kind to the rules as their Kind: the two lists must be the same."""
    from ecopermit.filings.models import ReportKind
    from ecopermit.filings.rules.reports import KINDS

    assert set(ReportKind.values) == set(KINDS)
