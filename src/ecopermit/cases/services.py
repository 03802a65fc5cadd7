"""Writes of the rectification workflow. Each is atomic, appends to the case timeline and to the audit log."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.cases import rules
from ecopermit.cases.models import (
    CaseDocument,
    CaseEvent,
    Problem,
    RectificationCase,
    RectificationNotice,
    ServiceDemand,
)
from ecopermit.cases.states import DEADLINE_STATUSES, STEP_OF, WORKFLOW, Status, Step, Who
from ecopermit.cases.vocab import CATEGORY_OF, ProblemStatus, ReviewStatus
from ecopermit.core import clock, evidence, hooks, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.selectors import current_district, lead_department
from ecopermit.core.types import Actor
from ecopermit.registry.facade import facility_ref
from ecopermit.registry.vocab import ManagementClass

#: The case timeline's event row (core.models.WorkflowEvent).
_event = CaseEvent.record


def _open_case(facility_id: int, actor: Actor) -> tuple[RectificationCase, bool]:
    case = (
        RectificationCase.objects.select_for_update()
        .filter(facility_id=facility_id)
        .exclude(status=Status.PUBLISHED)
        .first()
    )
    if case is not None:
        return case, False

    case = RectificationCase.objects.create(
        number=numbering.next_reference("case", clock.today().year),
        facility_id=facility_id,
        status=Status.FOUND,
        opened_at=clock.now(),
        is_demo=facility_ref(facility_id).is_demo,
    )
    _event(case, actor, "case.opened", to_status=Status.FOUND)
    audit_record(actor=actor, action="case.open", obj=case, after={"facility": facility_id})
    return case, True


@transaction.atomic
def problem_raise(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    description: str,
    source: str,
    source_ref: str = "",
    evidence: dict | None = None,
    required_action: str = "",
    department: Any = None,
    town: Any = None,
    push_by: dt.date | None = None,
    found_on: dt.date | None = None,
) -> Problem:
    """Records a problem on the facility's open case (opening one if needed). Raising the same source
    reference twice returns the first problem. A problem found while the deadline runs is one of its own
    (P7: the facility must still meet its limits during rectification) and does not reset the case."""
    if source_ref:
        existing = Problem.objects.filter(
            facility_id=facility_id, source=source, source_ref=source_ref
        ).first()
        if existing is not None:
            return existing
    case, _created = _open_case(facility_id, actor)
    in_period = STEP_OF[Status(case.status)] in (Step.SUPERVISE, Step.PENALISE)
    problem = Problem.objects.create(
        facility_id=facility_id,
        case=case,
        category=CATEGORY_OF[kind],
        kind=kind,
        description=description,
        required_action=required_action,
        source=source,
        source_ref=source_ref,
        evidence=evidence or {},
        # Plan 三(一): the ecology bureau leads; a problem no other department was named for is pushed by it.
        responsible_department=department or lead_department(),
        responsible_town=town,
        push_by=push_by,
        found_on=found_on or clock.today(),
        during_rectification=in_period,
    )
    _event(
        case,
        actor,
        "problem.raised",
        note=description,
        data={"problem": problem.pk, "kind": kind, "source": source, "during_rectification": in_period},
    )
    audit_record(
        actor=actor,
        action="problem.raise",
        obj=problem,
        after={"facility": facility_id, "kind": kind, "source": source, "case": case.pk},
    )
    return problem


def _on_enter(case: RectificationCase, target: str) -> list[str]:
    if target == Status.PUBLISHED:
        case.closed_at = clock.now()
    return ["closed_at"]


@transaction.atomic
def case_transition(
    *, actor: Actor, case: RectificationCase, target: str, who: Who, note: str = "", data: dict | None = None
) -> RectificationCase:
    """The one function that changes a case's status: along the transition table, by an allowed party
    (core/workflow.py)."""
    case = RectificationCase.objects.select_for_update().get(pk=case.pk)
    WORKFLOW.move(
        case,
        target,
        actor=actor,
        who=who,
        note=note,
        data=data,
        event=partial(_event, case),
        action="case.",
        guards={"acceptance": _check_acceptance},
        on_enter=_on_enter,
        audit_after={},
    )
    if target == Status.CLOSURE_PROPOSED:
        # P5: rectification hopeless or refused → the closure path, with its own case and request to the government.
        from ecopermit.cases.closure import closure_open
        from ecopermit.cases.vocab import ClosureGround

        closure, _new = closure_open(
            actor=actor,
            facility_id=case.facility_id,
            ground=ClosureGround.RECTIFICATION_FAILED,
            reasons=[note] if note else [],
            rectification_case=case,
        )
        _event(case, actor, "closure.opened", data={"closure": closure.pk})
    if target == Status.REFERRED:
        # 四罚: the referral files a penalty case in the same transaction (E3), linked back to this case; the
        # enforcement app answers the hook (cases does not import it).
        for penalty_id in hooks.fire(
            "case_referred", actor=actor, case_id=case.pk, facility_id=case.facility_id
        ):
            _event(case, actor, "penalty.opened", data={"penalty_case": penalty_id})
    return case


def _refuse_if_gate_closure(facility_id: int) -> None:
    """A facility the gate excludes goes down the closure path: no 3–12-month notice (名录注5, C2)."""
    from ecopermit.cases.closure import GATE_GROUNDS, open_closure

    closure = open_closure(facility_id)
    if closure is not None and closure.ground in GATE_GROUNDS:
        raise DomainError(
            _(
                "This facility is on the closure path (关停取缔, closure case #%(n)d): it gets no rectification "
                "notice; propose its closure to the district government instead."
            )
            % {"n": closure.pk}
        )


def _check_acceptance(case: RectificationCase) -> None:
    """P3: acceptance needs the exit path's documents accepted by the officer and every problem fixed."""
    accepted = set(case.documents.filter(review=ReviewStatus.ACCEPTED).values_list("kind", flat=True))
    open_problems = case.problems.filter(status=ProblemStatus.OPEN).count()
    missing = rules.missing_for_acceptance(case.exit_path or "fix", accepted, open_problems)
    if missing:
        from ecopermit.cases.vocab import DocumentKind

        names = [
            str(DocumentKind(m).label) if m in DocumentKind.values else _("problems still open")
            for m in missing
        ]
        raise DomainError(_("Not yet ready for acceptance: %(what)s.") % {"what": "、".join(names)})


@transaction.atomic
def service_demand_add(
    *,
    actor: Actor,
    case: RectificationCase,
    kind: str,
    description: str,
    provider: Any = None,
    due: dt.date | None = None,
    problem: Problem | None = None,
) -> ServiceDemand:
    demand = ServiceDemand.objects.create(
        case=case, kind=kind, description=description, provider=provider, due=due, problem=problem
    )
    _event(case, actor, "service.recorded", note=description, data={"kind": kind})
    audit_record(actor=actor, action="service.add", obj=demand, after={"case": case.pk, "kind": kind})
    if case.status == Status.FOUND:
        case_transition(actor=actor, case=case, target=Status.SERVICE, who=Who.OFFICER)
    return demand


def programme_deadline() -> dt.date | None:
    raw = getattr(settings, "ECOPERMIT_PROGRAMME_DEADLINE", "")
    return dt.date.fromisoformat(raw) if raw else None


def notice_number_next(prefix: str, year: int) -> str:
    """The next 文号 of a notice or a closure request with this prefix (core/numbering.py)."""
    return numbering.next_document_number("cases.notice", prefix, year)


def _check_correction(
    case: RectificationCase, served_on: dt.date, deadline: dt.date, cap: dt.date | None
) -> None:
    """A correction keeps the whole rectification within 3 to 12 months of the first notice's service."""
    first = case.notices.exclude(served_on__isnull=True).order_by("served_on", "pk").first()
    if first is None:
        return
    first_served = first.served_on
    assert first_served is not None  # the query above leaves out notices not yet served
    check = rules.check_correction(first_served, served_on, deadline, programme_deadline=cap)
    if check.ok:
        return
    if deadline > check.latest:
        message = _(
            "A correction may not stretch the rectification past 12 months from the service of the first "
            "notice %(n)s on %(s)s (the plan: the rectification period is in principle three months to one "
            "year). The latest deadline allowed is %(l)s."
        )
    else:
        message = _(
            "The deadline of a correction must lie between %(e)s and %(l)s: at least three months after the "
            "service of the first notice %(n)s on %(s)s, not before the correction is served, and at most "
            "12 months after that first service."
        )
    raise DomainError(
        message
        % {
            "n": first.number,
            "s": first_served.isoformat(),
            "l": check.latest.isoformat(),
            "e": check.earliest.isoformat(),
        },
        field="deadline",
    )


@transaction.atomic
def notice_issue(
    *,
    actor: Actor,
    case: RectificationCase,
    deadline: dt.date,
    served_on: dt.date | None = None,
    actions: dict[int, str] | None = None,
    supersede: RectificationNotice | None = None,
) -> RectificationNotice:
    """Numbers and serves a 排污许可限期整改通知书 listing the case's open problems and the actions required.

    The deadline must lie 3 to 12 months after service (registration class: not after the programme deadline
    while it lies ahead). A notice that supersedes another keeps the case where it is and only replaces the
    text and deadline; the old notice stays as it was served. A correction's 3 to 12 months are counted from
    the service of the case's first notice (``rules.check_correction``)."""
    case = (
        RectificationCase.objects.select_for_update()
        .select_related("facility", "facility__town")
        .get(pk=case.pk)
    )
    served_on = served_on or clock.today()
    facility = case.facility
    cap = programme_deadline() if facility.management_class == ManagementClass.REGISTRATION else None
    if supersede is not None:
        _check_correction(case, served_on, deadline, cap)
    check = rules.check_deadline(served_on, deadline, programme_deadline=cap)
    if supersede is None and not check.ok:
        raise DomainError(
            _("The deadline must lie between %(a)s and %(b)s (3 to 12 months after service).")
            % {"a": check.earliest.isoformat(), "b": check.latest.isoformat()},
            field="deadline",
        )
    problems = list(case.problems.filter(status=ProblemStatus.OPEN).order_by("found_on", "pk"))
    if not problems:
        raise DomainError(_("The case has no open problem to put in a notice."))
    actions = actions or {}
    for p in problems:
        if actions.get(p.pk):
            p.required_action = actions[p.pk]
            p.save(update_fields=["required_action"])
    if supersede is None and case.status not in (Status.FOUND, Status.SERVICE):
        raise DomainError(_("A notice has been served on this case already; issue a correction instead."))
    _refuse_if_gate_closure(facility.pk)
    district = current_district()
    prefix = (district.notice_prefix if district else "") or "整改"
    content = {
        "facility": {"name": facility.name, "credit_code": facility.credit_code, "address": facility.address},
        "issuer": district.bureau if district else "",
        "town": f"{facility.town.name}{'办事处' if facility.town.kind == 'street' else '人民政府'}",
        "problems": [
            {
                "id": p.pk,
                "category": p.get_category_display(),
                "kind": p.get_kind_display(),
                "description": p.description,
                "action": p.required_action,
                "source": p.source,
            }
            for p in problems
        ],
        "deadline": deadline.isoformat(),
        "served_on": served_on.isoformat(),
        "exit_path": case.exit_path
        or rules.default_exit_path({p.category for p in problems}, facility.management_class),
    }
    if supersede is not None:  # the correction says which notice it replaces (issue 11 item 8)
        content["supersedes"] = {
            "number": supersede.number,
            "issued_on": supersede.issued_on.isoformat(),
            "served_on": (supersede.served_on or supersede.issued_on).isoformat(),
        }
    issuer = user_of(actor)
    assert issuer is not None  # an officer issues it (issued_by is NOT NULL)
    notice = RectificationNotice.objects.create(
        case=case,
        number=notice_number_next(prefix, served_on.year),
        issued_on=served_on,
        deadline=deadline,
        content=content,
        issued_by=issuer,
        served_on=served_on,
    )
    case.deadline = deadline
    case.last_reminder = None
    if not case.exit_path:
        case.exit_path = rules.default_exit_path({p.category for p in problems}, facility.management_class)
    case.save(update_fields=["deadline", "last_reminder", "exit_path"])
    if supersede is not None:
        if supersede.case_id != case.pk or supersede.superseded_by_id is not None:
            raise DomainError(_("Only the case's current notice can be corrected."))
        supersede.superseded_by = notice
        supersede.save(update_fields=["superseded_by"])
        _event(
            case, actor, "notice.corrected", data={"notice": notice.number, "supersedes": supersede.number}
        )
    else:
        _event(case, actor, "notice.served", data={"notice": notice.number, "deadline": deadline.isoformat()})
        case_transition(actor=actor, case=case, target=Status.NOTICE_SERVED, who=Who.OFFICER)
    audit_record(
        actor=actor,
        action="notice.issue",
        obj=notice,
        after={"number": notice.number, "deadline": deadline.isoformat(), "case": case.pk},
    )
    from ecopermit.cases.selectors import enterprise_users_of

    notify(
        enterprise_users_of(facility.pk),
        _("Rectification notice %(n)s: rectify by %(d)s.") % {"n": notice.number, "d": deadline.isoformat()},
        link=f"/cases/{case.pk}/",
    )
    return notice


@transaction.atomic
def notice_acknowledge(*, actor: Actor, notice: RectificationNotice) -> RectificationNotice:
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged_at is not None:
        return notice
    notice.acknowledged_at = clock.now()
    notice.acknowledged_by = user_of(actor)
    notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _event(notice.case, actor, "notice.acknowledged", data={"notice": notice.number})
    audit_record(actor=actor, action="notice.acknowledge", obj=notice)
    return notice


# Uploads: PDF or images, recognised by their first bytes rather than by the name the browser sends.
#: What a case document may be (core/evidence.py sniffs it).
ACCEPTED_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@transaction.atomic
def document_upload(
    *, actor: Actor, case: RectificationCase, kind: str, name: str, content: bytes
) -> CaseDocument:
    hooks.refuse_upload(actor)
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 20 MB."), field="file")
    ctype = evidence.sniff(content[:16])
    if ctype not in ACCEPTED_TYPES:
        ctype = None
    if ctype is None:
        raise DomainError(_("Only PDF, PNG or JPEG files are accepted."), field="file")
    uploader = user_of(actor)
    assert uploader is not None  # someone signed in uploads it (uploaded_by is NOT NULL)
    doc = CaseDocument(
        case=case,
        kind=kind,
        original_name=name[:255],
        content_type=ctype,
        size=len(content),
        uploaded_by=uploader,
        uploaded_at=clock.now(),
    )
    doc.sha256 = digest = evidence.store(doc.file, content, suffix=evidence.suffix_for(content))
    doc.save()
    _event(
        case, actor, "document.uploaded", note=name, data={"document": doc.pk, "kind": kind, "sha256": digest}
    )
    audit_record(
        actor=actor,
        action="document.upload",
        obj=doc,
        after={"case": case.pk, "kind": kind, "sha256": digest},
    )
    return doc


@transaction.atomic
def document_review(
    *, actor: Actor, document: CaseDocument, accepted: bool, comment: str = ""
) -> CaseDocument:
    if not accepted and not comment.strip():
        raise DomainError(_("Say why the document is returned."), field="comment")
    document.review = ReviewStatus.ACCEPTED if accepted else ReviewStatus.RETURNED
    document.review_comment = comment
    document.reviewed_by = user_of(actor)
    document.reviewed_at = clock.now()
    document.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    _event(
        document.case,
        actor,
        "document.reviewed",
        note=comment,
        data={"document": document.pk, "accepted": accepted, "kind": document.kind},
    )
    audit_record(actor=actor, action="document.review", obj=document, after={"review": document.review})
    return document


@transaction.atomic
def problem_fix(*, actor: Actor, problem: Problem, fixed_on: dt.date | None = None) -> Problem:
    problem.status = ProblemStatus.FIXED
    problem.fixed_on = fixed_on or clock.today()
    problem.save(update_fields=["status", "fixed_on"])
    if problem.case_id:
        _event(problem.case, actor, "problem.fixed", note=problem.description, data={"problem": problem.pk})
    audit_record(actor=actor, action="problem.fix", obj=problem, after={"status": problem.status})
    return problem


def cases_tick(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily deadline watch (run by the worker, or `ecopermit cases tick`): reminders 30 and 7 days before
    and on the day; the day after, escalation to 四罚 with the officer and the town told. Idempotent per day."""
    from ecopermit.cases.selectors import enterprise_users_of, town_officers_of

    today = today or clock.today()
    counts = {"reminders": 0, "escalated": 0}
    watched = RectificationCase.objects.filter(status__in=DEADLINE_STATUSES, deadline__isnull=False)
    for case in watched.select_related("facility", "officer").iterator():
        with transaction.atomic():
            case = (
                RectificationCase.objects.select_for_update(of=("self",))
                .select_related("facility", "officer")
                .get(pk=case.pk)
            )
            if case.status not in DEADLINE_STATUSES:
                continue
            link = f"/cases/{case.pk}/"
            deadline = case.deadline
            assert deadline is not None  # the watch takes only cases with a deadline (notice_issue set it)
            if rules.is_overdue(deadline, today):
                case_transition(
                    actor=None,
                    case=case,
                    target=Status.OVERDUE,
                    who=Who.SYSTEM,
                    note=_("Deadline %(d)s passed.") % {"d": deadline.isoformat()},
                )
                text = _("Rectification overdue: %(f)s (deadline %(d)s).") % {
                    "f": case.facility.name,
                    "d": deadline.isoformat(),
                }
                notify([case.officer, *town_officers_of(case.facility.town_id)], text, link)
                counts["escalated"] += 1
                continue
            due = rules.reminder_due(deadline, today)
            if due is not None and case.last_reminder != due:
                case.last_reminder = due
                case.save(update_fields=["last_reminder"])
                _event(case, None, "deadline.reminder", data={"days_before": due})
                text = _("Rectification deadline %(d)s: %(n)d days left.") % {
                    "d": deadline.isoformat(),
                    "n": due,
                }
                notify([*enterprise_users_of(case.facility_id), case.officer], text, link)
                counts["reminders"] += 1
    return counts
