"""Writes of the closure path (关停取缔, MISSION C2, P5); the states are in ``closure_states``.

Each write is atomic, appends to the closure case's timeline and to the audit log.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.cases.closure_states import CLOSURE_WORKFLOW, OPEN_CLOSURE_STATUSES, ClosureStatus
from ecopermit.cases.models import ClosureCase, ClosureEvent, RectificationCase
from ecopermit.cases.services import notice_number_next
from ecopermit.cases.vocab import ClosureGround
from ecopermit.core import clock, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.registry.facade import facility_close, facility_ref

GATE_GROUNDS = frozenset({ClosureGround.WATER_SOURCE_ZONE, ClosureGround.ELIMINATED})


#: The closure case's timeline (core.models.WorkflowEvent).
_event = ClosureEvent.record


def open_closure(facility_id: int) -> ClosureCase | None:
    return ClosureCase.objects.filter(facility_id=facility_id, status__in=OPEN_CLOSURE_STATUSES).first()


@transaction.atomic
def closure_open(
    *,
    actor: Actor,
    facility_id: int,
    ground: str,
    reasons: list[Any],
    rectification_case: RectificationCase | None = None,
) -> tuple[ClosureCase, bool]:
    """Opens the facility's closure case, or returns the one open already (one at a time per facility)."""
    current = (
        ClosureCase.objects.select_for_update()
        .filter(facility_id=facility_id, status__in=OPEN_CLOSURE_STATUSES)
        .first()
    )
    if current is not None:
        return current, False
    closure = ClosureCase.objects.create(
        number=numbering.next_reference("closure", clock.today().year),
        facility_id=facility_id,
        rectification_case=rectification_case,
        ground=ground,
        reasons=reasons,
        opened_at=clock.now(),
        officer=rectification_case.officer if rectification_case else None,
        is_demo=facility_ref(facility_id).is_demo,
    )
    _event(closure, actor, "closure.opened", to_status=ClosureStatus.OPEN, data={"ground": ground})
    audit_record(
        actor=actor,
        action="closure.open",
        obj=closure,
        after={"facility": facility_id, "ground": ground, "reasons": reasons},
    )
    return closure, True


def _on_enter(closure: ClosureCase, target: str) -> list[str]:
    if target in (ClosureStatus.CLOSED, ClosureStatus.WITHDRAWN):
        closure.closed_at = clock.now()
    return ["closed_at"]


@transaction.atomic
def closure_transition(
    *, actor: Actor, closure: ClosureCase, target: str, note: str = "", data: dict | None = None
) -> ClosureCase:
    """The one function that changes a closure case's status, along ``CLOSURE_WORKFLOW`` (core/workflow.py)."""
    closure = ClosureCase.objects.select_for_update().get(pk=closure.pk)
    CLOSURE_WORKFLOW.move(
        closure,
        target,
        actor=actor,
        note=note,
        data=data,
        event=partial(_event, closure),
        action="closure.",
        on_enter=_on_enter,
    )
    return closure


def government_of() -> str:
    district = current_district()
    return f"{district.name}人民政府" if district else "区人民政府"


@transaction.atomic
def closure_propose(*, actor: Actor, closure: ClosureCase, issued_on: dt.date | None = None) -> ClosureCase:
    """Numbers and freezes the 提请政府关闭 request to the district government, and moves the case on."""
    from ecopermit.cases.closure_documents import request_content

    closure = (
        ClosureCase.objects.select_for_update()
        .select_related("facility", "facility__town")
        .get(pk=closure.pk)
    )
    if closure.status != ClosureStatus.OPEN:
        raise DomainError(_("The request has been sent already."))
    issued_on = issued_on or clock.today()
    district = current_district()
    # 请示 are numbered apart from the notices: 舟定环整 (整改通知书) → 舟定环请.
    base = (district.notice_prefix if district else "") or "整改"
    prefix = f"{base.removesuffix('整') or base}请"
    closure.document_number = notice_number_next(prefix, issued_on.year)
    closure.document_issued_on = issued_on
    closure.document_content = request_content(
        closure, issuer=district.bureau if district else "", government=government_of()
    )
    closure.save(update_fields=["document_number", "document_issued_on", "document_content"])
    return closure_transition(
        actor=actor,
        closure=closure,
        target=ClosureStatus.PROPOSED,
        data={"document": closure.document_number},
    )


@transaction.atomic
def closure_record_order(
    *, actor: Actor, closure: ClosureCase, decision_number: str, decided_on: dt.date
) -> ClosureCase:
    """The government decided to close the facility (its decision's number and date)."""
    if not decision_number.strip():
        raise DomainError(_("Give the number of the government's decision."), field="decision_number")
    ClosureCase.objects.filter(pk=closure.pk).update(
        decision_number=decision_number.strip(), decided_on=decided_on
    )
    return closure_transition(
        actor=actor,
        closure=closure,
        target=ClosureStatus.ORDERED,
        data={"decision": decision_number.strip(), "decided_on": decided_on.isoformat()},
    )


@transaction.atomic
def closure_verify(*, actor: Actor, closure: ClosureCase, note: str) -> ClosureCase:
    """The officer verified on site that the facility has closed: the case ends and the inventory records it."""
    if not note.strip():
        raise DomainError(_("Say what was found on site."), field="note")
    closure = closure_transition(actor=actor, closure=closure, target=ClosureStatus.CLOSED, note=note)

    facility_close(
        actor=actor,
        facility_id=closure.facility_id,
        reason=f"关停取缔：{closure.document_number or ''} {closure.decision_number}".strip(),
    )
    return closure


@transaction.atomic
def closure_grounds_lapsed(*, actor: Actor, closure: ClosureCase, reasons: list[Any]) -> bool:
    """The gate no longer excludes the facility (a zone redrawn, an entry taken off the list): the officer is told
    and decides whether to withdraw. Nothing changes the status by itself."""
    closure = ClosureCase.objects.select_for_update().get(pk=closure.pk)
    if closure.grounds_lapsed_at is not None or closure.ground not in GATE_GROUNDS:
        return False
    closure.grounds_lapsed_at = clock.now()
    closure.save(update_fields=["grounds_lapsed_at"])
    _event(
        closure,
        actor,
        "closure.grounds_lapsed",
        note=_("The gate no longer excludes the facility."),
        data={"gate": reasons},
    )
    audit_record(actor=actor, action="closure.grounds_lapsed", obj=closure, after={"gate": reasons})
    return True
