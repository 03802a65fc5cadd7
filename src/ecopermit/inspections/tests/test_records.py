"""Inspection records (E2): findings become problems on the facility's case, evidence with its SHA-256, the
on-site record as DOCX and PDF, publication within 20 working days and the overdue watch (E1 一公开)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from ecopermit.cases.models import Problem, RectificationCase
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Notification
from ecopermit.inspections import records, services
from ecopermit.inspections.documents import render_record
from ecopermit.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def visit(inspection_world):  # type: ignore[no-untyped-def]
    """An ad hoc visit to the fish processor by inspectors 1 and 3, with one item not compliant."""
    w = inspection_world
    a, _b, c, _d = w["inspectors"]
    inspection = records.inspection_create(
        actor=w["officer"], facility_id=w["fish"].pk, kind="ad_hoc", inspector1=a, inspector2=c
    )
    assert inspection.checklist == "aquatic"  # industry 1361 → 水产加工
    with clock.travel(_at(dt.date(2026, 9, 24), 11)):
        records.inspection_record(
            actor=w["officer"],
            inspection=inspection,
            inspected_at=_at(dt.date(2026, 9, 24), 9),
            place="金塘镇水产加工区厂区污水站",
            lat=30.0512,
            lon=121.8633,
            representative="王海生",
            representative_title="环保负责人",
            answers={
                "G01": ("yes", ""),
                "AQ01": ("no", "总排口出水浑浊，现场快速检测氨氮偏高"),
                "AQ02": ("na", ""),
            },
        )
    return {**w, "inspection": Inspection.objects.get(pk=inspection.pk)}


def test_a_non_compliant_item_becomes_a_problem_on_the_facilitys_case(visit):
    """E2: the finding is a problem (source inspection) on the fish processor's open rectification case."""
    inspection = visit["inspection"]
    finding = inspection.findings.get()
    problem = Problem.objects.get(pk=finding.problem_id)
    assert problem.facility_id == visit["fish"].pk and problem.source == "inspection"
    assert problem.kind == "over_standard" and "总排口出水浑浊" in problem.description
    assert problem.found_on == dt.date(2026, 9, 24)
    assert problem.source_ref == f"inspection:{inspection.pk}:finding:{finding.pk}"
    assert RectificationCase.objects.get(facility=visit["fish"]).problems.filter(pk=problem.pk).exists()
    # saving the record again does not raise the problem twice
    records.inspection_record(
        actor=visit["officer"],
        inspection=inspection,
        inspected_at=inspection.inspected_at,
        answers={"AQ01": ("no", "")},
    )
    assert Problem.objects.filter(facility=visit["fish"], source="inspection").count() == 1


def test_an_added_finding_becomes_a_problem_too(visit):
    finding = records.finding_add(
        actor=visit["officer"],
        inspection=visit["inspection"],
        kind="outlet_not_standard",
        description="雨水排放口未设置标志牌",
        required_action="按规范设置排放口标志牌",
    )
    problem = Problem.objects.get(pk=finding.problem_id)
    assert problem.kind == "outlet_not_standard" and problem.required_action == "按规范设置排放口标志牌"
    assert AuditEvent.objects.filter(action="inspections.finding_add", object_id=str(finding.pk)).exists()


def test_evidence_is_stored_with_its_sha256(visit):
    content = b"\xff\xd8\xff\xe0 photo of the outlet"
    ev = records.evidence_add(
        actor=visit["officer"],
        inspection=visit["inspection"],
        kind="photo",
        name="总排口.jpg",
        content=content,
        note="09:20 拍摄",
    )
    assert ev.sha256 == hashlib.sha256(content).hexdigest() and ev.size == len(content)
    assert ev.file.read() == content
    with pytest.raises(DomainError, match=r"empty|空"):
        records.evidence_add(
            actor=visit["officer"], inspection=visit["inspection"], kind="photo", name="x.jpg", content=b""
        )


def test_publication_deadline_counts_20_working_days_across_the_national_day_holidays(visit):
    """一公开: completed on Thu 24 Sep 2026; 25–27 Sep (中秋) and 1–7 Oct (国庆) are off, Sat 10 Oct is a make-up
    working day: the 20th working day is Thu 29 Oct 2026 (weekends only would give 22 Oct)."""
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        inspection = records.inspection_complete(actor=visit["officer"], inspection=visit["inspection"])
    assert inspection.publication_deadline == dt.date(2026, 10, 29)
    assert inspection.outcome == "problems"


def test_overdue_publication_is_flagged_and_the_inspectors_told_once_a_day(visit):
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        inspection = records.inspection_complete(actor=visit["officer"], inspection=visit["inspection"])
    assert records.publications_watch(today=dt.date(2026, 10, 29)) == {
        "overdue": 0,
        "notified": 0,
        "no_calendar": 0,
    }
    assert records.publications_watch(today=dt.date(2026, 10, 30))["notified"] == 1
    assert records.publications_watch(today=dt.date(2026, 10, 30))["notified"] == 0
    told = set(
        Notification.objects.filter(text__contains=inspection.number).values_list("user__username", flat=True)
    )
    assert told == {"officer", "inspector2"}
    records.inspection_publish(actor=visit["officer"], inspection=inspection)
    assert records.publications_watch(today=dt.date(2026, 11, 2))["overdue"] == 0


def test_a_completed_record_no_longer_changes(visit):
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        records.inspection_complete(actor=visit["officer"], inspection=visit["inspection"])
    with pytest.raises(DomainError):
        records.finding_add(
            actor=visit["officer"], inspection=visit["inspection"], kind="other_violation", description="x"
        )


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def _docx_text(content: bytes) -> str:
    return "".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_on_site_record_as_docx_and_pdf(visit):
    """E2: 现场检查笔录 in Chinese: facility, time, place, inspectors with certificates, checklist, findings."""
    inspection = visit["inspection"]
    for text in (_docx_text(render_record(inspection, "docx")), _pdf_text(render_record(inspection, "pdf"))):
        assert "现场检查笔录" in text
        assert visit["fish"].name in text
        assert "总排口出水浑浊" in text
        assert "2026年9月24日9时00分" in text
        assert "金塘镇水产加工区厂区污水站" in text
        assert "3309020001" in text and "3309020003" in text
        assert "王海生" in text
        assert "不符合" in text and "《排污许可管理条例》" in text


def test_site_inspection_needs_two_inspectors_without_recusal(inspection_world):
    w = inspection_world
    a, b, _c, _d = w["inspectors"]
    with pytest.raises(DomainError):
        records.inspection_create(actor=w["officer"], facility_id=w["fish"].pk, kind="ad_hoc", inspector1=a)
    with pytest.raises(DomainError, match="亲属"):
        records.inspection_create(
            actor=w["officer"], facility_id=w["shipyard"].pk, kind="ad_hoc", inspector1=a, inspector2=b
        )


def test_non_site_supervision_is_an_inspection_with_evidence_and_no_visit(inspection_world):
    """E2/E4: an electricity finding recorded by one inspector, no checklist answers needed."""
    w = inspection_world
    a = w["inspectors"][0]
    inspection = records.inspection_create(
        actor=w["officer"],
        facility_id=w["foundry"].pk,
        kind="non_site",
        inspector1=a,
        non_site_source="electricity",
    )
    records.evidence_add(
        actor=w["officer"],
        inspection=inspection,
        kind="data",
        name="用电曲线.csv",
        content=b"time,production_kw,treatment_kw\n2026-11-20T02:00,310,0\n",
    )
    records.inspection_record(
        actor=w["officer"],
        inspection=inspection,
        inspected_at=timezone.now(),
        summary="夜间生产设备用电正常而除尘设备停运",
    )
    records.finding_add(
        actor=w["officer"],
        inspection=inspection,
        kind="other_violation",
        description="熔炼工段生产时除尘设施未运行（用电监控）",
    )
    done = records.inspection_complete(actor=w["officer"], inspection=inspection)
    assert done.outcome == "problems"
    assert Problem.objects.filter(facility=w["foundry"], source="inspection").count() == 1
    assert "非现场检查记录" in _docx_text(render_record(done, "docx"))


def test_the_draw_opens_an_inspection_per_task(inspection_world):
    w = inspection_world
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="s")
    services.plan_draw(actor=w["officer"], plan=plan)
    for task in plan.tasks.all():
        assert task.inspection.kind == "drawn"
        assert {task.inspection.inspector1_id, task.inspection.inspector2_id} == {
            task.inspector1_id,
            task.inspector2_id,
        }


def test_completion_and_publication_run_on_the_workflow_kernel(visit):
    """Issue 12: the inspection's moves are table rows (inspections/states.py) with an event row and an audit
    event each; publishing an open record is refused by the table."""
    from ecopermit.core.audit.models import AuditEvent
    from ecopermit.inspections.states import WORKFLOW

    assert WORKFLOW.targets("open") == ["completed"] and WORKFLOW.targets("completed") == ["published"]
    with pytest.raises(DomainError):
        records.inspection_publish(actor=visit["officer"], inspection=visit["inspection"])
    with clock.travel(_at(dt.date(2026, 9, 24), 17)):
        done = records.inspection_complete(actor=visit["officer"], inspection=visit["inspection"])
        records.inspection_publish(actor=visit["officer"], inspection=done)
    events = list(done.events.values_list("kind", "from_status", "to_status", "actor__username"))
    assert events == [
        ("status.inspection_complete", "open", "completed", "officer"),
        ("status.inspection_publish", "completed", "published", "officer"),
    ]
    assert done.events.first().data == {
        "outcome": "problems",
        "publication_deadline": "2026-10-29",
        "findings": 1,
    }
    audited = AuditEvent.objects.filter(
        object_id=str(done.pk),
        action__in=["inspections.inspection_complete", "inspections.inspection_publish"],
    )
    assert sorted(audited.values_list("action", flat=True)) == [
        "inspections.inspection_complete",
        "inspections.inspection_publish",
    ]
