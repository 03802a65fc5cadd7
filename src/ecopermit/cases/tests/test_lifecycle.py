"""The five-step lifecycle end to end (issue 4 'What I will check'; MISSION P1–P7)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from ecopermit.cases import services
from ecopermit.cases.models import CaseEvent, RectificationCase
from ecopermit.cases.states import Status, Who
from ecopermit.cases.vocab import Category, DocumentKind, Kind, ServiceKind, Source
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.audit.services import audit_verify_chain
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Department, Notification

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n% rectification plan\n"


@pytest.fixture(autouse=True)
def timeline():  # type: ignore[no-untyped-def]
    """The whole story happens from 30 November 2026, the survey included: the events are ordered by time, so
    the fixtures must not be written at today's real time while the test's steps are dated in 2026."""
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def found(personas):  # type: ignore[no-untyped-def]
    """王科长 finds two problems at the shipyard of 城东街道 during the survey."""
    officer = personas["officer"]
    p1 = services.problem_raise(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        kind=Kind.BUILT_BEFORE_APPROVAL,
        description="2019年扩建喷涂车间未办理环评审批",
        source=Source.SURVEY,
        department=Department.objects.get(name="区经信局"),
        push_by=D(2027, 3, 31),
    )
    p2 = services.problem_raise(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        kind=Kind.NO_AUTO_MONITORING,
        description="喷涂废气排放口未安装在线监测",
        source=Source.SURVEY,
    )
    return personas, p1, p2


def _events(case: RectificationCase) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_full_lifecycle_to_ready_to_apply(found):
    personas, p1, p2 = found
    officer, manager = personas["officer"], personas["shipyard_manager"]
    case = p1.case
    assert p2.case == case and case.status == Status.FOUND
    assert p1.category == Category.INCOMPLETE and p2.category == Category.OTHER

    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        services.service_demand_add(
            actor=officer, case=case, kind=ServiceKind.AS_BUILT_EIA_HELP, description="协助编制现状环评"
        )
        case.refresh_from_db()
        assert case.status == Status.SERVICE
        notice = services.notice_issue(
            actor=officer,
            case=case,
            deadline=D(2027, 5, 31),
            actions={p1.pk: "编制现状环境影响评价报告报分局备案"},
        )
        case.refresh_from_db()
        assert case.status == Status.NOTICE_SERVED and case.deadline == D(2027, 5, 31)
        assert notice.number == "舟定环整〔2026〕第1号" and notice.served_on == D(2026, 12, 1)
        assert [p["description"] for p in notice.content["problems"]] == [p1.description, p2.description]
        assert Notification.objects.filter(user=manager).count() == 1
        assert len(mail.outbox) == 0  # no e-mail address on file

        services.notice_acknowledge(actor=manager, notice=notice)
        services.document_upload(
            actor=manager, case=case, kind=DocumentKind.RECTIFICATION_PLAN, name="整改方案.pdf", content=PDF
        )
        services.case_transition(actor=manager, case=case, target=Status.PLAN_SUBMITTED, who=Who.ENTERPRISE)
        services.case_transition(actor=officer, case=case, target=Status.IN_PROGRESS, who=Who.OFFICER)
        eia = services.document_upload(
            actor=manager,
            case=case,
            kind=DocumentKind.AS_BUILT_EIA,
            name="现状环评.pdf",
            content=PDF + b"eia",
        )
        services.case_transition(
            actor=manager, case=case, target=Status.ACCEPTANCE_REQUESTED, who=Who.ENTERPRISE
        )
        case.refresh_from_db()
        assert case.exit_path == "as_built_eia"  # 手续不全 files an as-built EIA (P3)
        with pytest.raises(DomainError, match="现状环境影响评价报告"):
            services.case_transition(actor=officer, case=case, target=Status.ACCEPTED, who=Who.OFFICER)
        services.document_review(actor=officer, document=eia, accepted=True)
        with pytest.raises(DomainError, match="仍有问题未整改"):
            services.case_transition(actor=officer, case=case, target=Status.ACCEPTED, who=Who.OFFICER)
        for p in (p1, p2):
            services.problem_fix(actor=officer, problem=p)
        services.case_transition(actor=officer, case=case, target=Status.ACCEPTED, who=Who.OFFICER)
        services.case_transition(actor=officer, case=case, target=Status.PUBLISHED, who=Who.OFFICER)

    case.refresh_from_db()
    assert case.status == Status.PUBLISHED and case.closed_at is not None
    assert _events(case) == [
        "case.opened",
        "problem.raised",
        "problem.raised",
        "service.recorded",
        "status.record_service",
        "notice.served",
        "status.serve_notice",
        "notice.acknowledged",
        "document.uploaded",
        "status.submit_plan",
        "status.approve_plan",
        "document.uploaded",
        "status.request_acceptance",
        "document.reviewed",
        "problem.fixed",
        "problem.fixed",
        "status.accept",
        "status.publish",
    ]
    assert AuditEvent.objects.filter(action="case.accept", object_id=str(case.pk)).exists()
    assert audit_verify_chain().ok


def test_deadline_of_two_or_thirteen_months_is_refused(found):
    personas, p1, _p2 = found
    for deadline in (D(2027, 2, 1), D(2028, 1, 2)):
        with pytest.raises(DomainError, match="3"):
            services.notice_issue(
                actor=personas["officer"], case=p1.case, deadline=deadline, served_on=D(2026, 12, 1)
            )
    p1.case.refresh_from_db()
    assert p1.case.status == Status.FOUND and not p1.case.notices.exists()


def test_enterprise_cannot_take_the_officers_steps(found):
    personas, p1, _p2 = found
    services.notice_issue(
        actor=personas["officer"], case=p1.case, deadline=D(2027, 6, 1), served_on=D(2026, 12, 1)
    )
    with pytest.raises(DomainError):
        services.case_transition(
            actor=personas["shipyard_manager"], case=p1.case, target=Status.IN_PROGRESS, who=Who.ENTERPRISE
        )
    with pytest.raises(DomainError):
        services.case_transition(
            actor=personas["officer"], case=p1.case, target=Status.PUBLISHED, who=Who.OFFICER
        )


def test_escalation_with_a_frozen_clock(found):
    personas, p1, _p2 = found
    services.notice_issue(
        actor=personas["officer"], case=p1.case, deadline=D(2027, 3, 31), served_on=D(2026, 12, 1)
    )
    RectificationCase.objects.filter(pk=p1.case.pk).update(officer=personas["officer"])
    assert services.cases_tick(today=D(2027, 3, 1)) == {"reminders": 1, "escalated": 0}
    assert services.cases_tick(today=D(2027, 3, 1)) == {"reminders": 0, "escalated": 0}  # once a day
    assert services.cases_tick(today=D(2027, 3, 24))["reminders"] == 1
    assert services.cases_tick(today=D(2027, 3, 31))["reminders"] == 1
    assert services.cases_tick(today=D(2027, 3, 31)) == {"reminders": 0, "escalated": 0}
    assert services.cases_tick(today=D(2027, 4, 1)) == {"reminders": 0, "escalated": 1}
    case = RectificationCase.objects.get(pk=p1.case.pk)
    assert case.status == Status.OVERDUE
    told = set(Notification.objects.filter(text__contains="逾期").values_list("user__username", flat=True))
    assert told == {"officer", "town_chengdong"}
    assert services.cases_tick(today=D(2027, 4, 2)) == {"reminders": 0, "escalated": 0}
    services.case_transition(actor=personas["officer"], case=case, target=Status.REFERRED, who=Who.OFFICER)


def test_a_new_exceedance_during_rectification_is_a_problem_of_its_own(found):
    personas, p1, _p2 = found
    services.notice_issue(
        actor=personas["officer"], case=p1.case, deadline=D(2027, 6, 1), served_on=D(2026, 12, 1)
    )
    alarm = services.problem_raise(
        actor=None,
        facility_id=personas["shipyard"].pk,
        kind=Kind.OVER_STANDARD,
        description="非甲烷总烃小时均值超标 35%",
        source=Source.MONITORING_ALARM,
        source_ref="alarm:17",
    )
    again = services.problem_raise(
        actor=None,
        facility_id=personas["shipyard"].pk,
        kind=Kind.OVER_STANDARD,
        description="非甲烷总烃小时均值超标 35%",
        source=Source.MONITORING_ALARM,
        source_ref="alarm:17",
    )
    case = RectificationCase.objects.get(pk=p1.case.pk)
    assert alarm.pk == again.pk and alarm.case == case and alarm.during_rectification
    assert case.status == Status.NOTICE_SERVED and case.deadline == D(2027, 6, 1)  # not a reset


def test_a_served_notice_is_corrected_by_a_new_one(found):
    personas, p1, _p2 = found
    first = services.notice_issue(
        actor=personas["officer"], case=p1.case, deadline=D(2027, 6, 1), served_on=D(2026, 12, 1)
    )
    with pytest.raises(DomainError):
        services.notice_issue(
            actor=personas["officer"], case=p1.case, deadline=D(2027, 7, 1), served_on=D(2026, 12, 2)
        )
    second = services.notice_issue(
        actor=personas["officer"],
        case=p1.case,
        deadline=D(2027, 7, 1),
        served_on=D(2026, 12, 2),
        supersede=first,
    )
    first.refresh_from_db()
    assert first.superseded_by == second and first.deadline == D(2027, 6, 1)
    assert second.number == "舟定环整〔2026〕第2号"
    assert RectificationCase.objects.get(pk=p1.case.pk).deadline == D(2027, 7, 1)


def test_uploads_must_be_pdf_or_images(found):
    personas, p1, _p2 = found
    with pytest.raises(DomainError):
        services.document_upload(
            actor=personas["shipyard_manager"],
            case=p1.case,
            kind=DocumentKind.OTHER,
            name="plan.pdf",
            content=b"MZ\x90\x00 not a pdf",
        )
    doc = services.document_upload(
        actor=personas["shipyard_manager"],
        case=p1.case,
        kind=DocumentKind.OTHER,
        name="photo.png",
        content=b"\x89PNG\r\n\x1a\n" + b"0" * 10,
    )
    assert doc.content_type == "image/png" and len(doc.sha256) == 64
