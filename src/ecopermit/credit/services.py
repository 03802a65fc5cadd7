"""Writes of credit (issue 14): events pulled from the sources or recorded by hand, evaluations proposed, reviewed
and published (the level then written on the facility, where the 双随机 draw reads it), and the district's scheme.
Every write is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.credit import scheme_files, scoring
from ecopermit.credit.models import (
    CreditEvent,
    CreditLevel,
    CreditLevelEvent,
    CreditRepairRequest,
    CreditSettings,
    SyncCursor,
)
from ecopermit.credit.scoring import Scheme, SchemeError
from ecopermit.credit.sources import SOURCES, EventIn, window_start
from ecopermit.credit.states import SYSTEM, WORKFLOW
from ecopermit.credit.vocab import SEVERITY, EventKind, LevelStatus, RepairStatus, Trigger
from ecopermit.registry import facade as registry

PENDING = (LevelStatus.PROPOSED, LevelStatus.REVIEWED)


# ---- The scheme ------------------------------------------------------------------------------------------------


def active_scheme_id() -> str:
    found = (
        CreditSettings.objects.filter(district=current_district()).values_list("scheme", flat=True).first()
    )
    return found or scheme_files.DEFAULT_SCHEME


def active_scheme() -> Scheme:
    return scheme_files.load(active_scheme_id())


@transaction.atomic
def credit_scheme_set(*, actor: Actor, scheme: str) -> int:
    """The district chooses its scheme; the evaluations in the works (and the facilities' current ones) are
    recomputed under it. The number of evaluations proposed."""
    try:
        scheme_files.load(scheme)
    except SchemeError as exc:
        raise DomainError(
            _("This scheme cannot be used: %(error)s") % {"error": exc}, field="scheme"
        ) from None
    district = current_district()
    row = CreditSettings.objects.select_for_update().filter(district=district).first()
    before = row.scheme if row else scheme_files.DEFAULT_SCHEME
    if before == scheme:
        return 0
    if row is None:
        row = CreditSettings(district=district)
    row.scheme, row.set_by, row.set_at = scheme, _user(actor), clock.now()
    row.save()
    audit_record(
        actor=actor, action="credit.scheme.set", obj=row, before={"scheme": before}, after={"scheme": scheme}
    )
    # Each facility rated is recomputed over the period of its evaluation in the works, else of its published one.
    periods: dict[int, tuple[dt.date, dt.date]] = {}
    for fid, status, start, end in CreditLevel.objects.filter(
        status__in=[*PENDING, LevelStatus.PUBLISHED]
    ).values_list("facility_id", "status", "period_start", "period_end"):
        if status in PENDING or fid not in periods:
            periods[fid] = (start, end)
    grouped: dict[tuple[dt.date, dt.date], list[int]] = defaultdict(list)
    for fid, period in periods.items():
        grouped[period].append(fid)
    return sum(
        credit_evaluate(
            actor=actor, facility_ids=sorted(ids), period=period, trigger=Trigger.SCHEME_SWITCH
        ).proposed
        for period, ids in sorted(grouped.items())
    )


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ---- Events ----------------------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    created: int = 0
    withdrawn: int = 0
    reevaluated: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


def _store(source: str, items: Sequence[EventIn], now: dt.datetime) -> list[CreditEvent]:
    if not items:
        return []
    refs = [i.source_ref for i in items]
    have: set[str] = set()
    for n in range(0, len(refs), 500):
        have |= set(
            CreditEvent.objects.filter(source=source, source_ref__in=refs[n : n + 500]).values_list(
                "source_ref", flat=True
            )
        )
    new = [i for i in items if i.source_ref not in have]
    demo = {f: r.is_demo for f, r in registry.facility_refs({i.facility_id for i in new}).items()}
    rows = [
        CreditEvent(
            facility_id=i.facility_id,
            kind=i.kind,
            occurred_on=i.occurred_on,
            recorded_at=now,
            source=source,
            source_ref=i.source_ref,
            article=i.article[:100],
            amount=i.amount,
            summary=i.summary[:300],
            link=i.link[:300],
            is_demo=demo.get(i.facility_id, False) if i.is_demo is None else i.is_demo,
        )
        for i in new
        if i.facility_id in demo
    ]
    return CreditEvent.objects.bulk_create(rows)


@transaction.atomic
def credit_events_sync(*, actor: Actor) -> SyncResult:
    """Pulls every source (``sources.SOURCES``) once: new events stored, events of the window sources that their
    source no longer reports (an alarm explained, a problem withdrawn) withdrawn, and each facility with a new
    serious event evaluated at once. Idempotent: a second run finds nothing new."""
    now, today = clock.now(), clock.today()
    since = window_start(today)
    result = SyncResult()
    created: list[CreditEvent] = []
    for name, src in SOURCES.items():
        if src.cursor is not None:
            cursor, _new = SyncCursor.objects.select_for_update().get_or_create(
                source=name, defaults={"synced_at": now}
            )
            items, last = src.cursor(cursor.last_id)
            cursor.last_id, cursor.synced_at = last, now
            cursor.save()
        else:
            assert src.window is not None
            items = src.window(since)
            current = {i.source_ref for i in items}
            stale = [
                pk
                for pk, ref in CreditEvent.objects.filter(
                    source=src.name, source_ref__startswith=src.prefix, occurred_on__gte=since
                ).values_list("pk", "source_ref")
                if ref not in current
            ]
            if stale:
                CreditEvent.objects.filter(pk__in=stale).delete()
                result.withdrawn += len(stale)
                audit_record(
                    actor=actor,
                    action="credit.event.withdraw",
                    object_type="credit.creditevent",
                    before={"ids": stale[:1000]},
                    extra={"source": name, "count": len(stale)},
                )
        stored = _store(src.name, items, now)
        result.by_source[name] = len(stored)
        created += stored
    result.created = len(created)
    if created:
        audit_record(
            actor=actor,
            action="credit.event.sync",
            object_type="credit.creditevent",
            after={"created": len(created), "ids": [e.pk for e in created][:1000]},
            extra={"by_source": result.by_source},
        )
    result.reevaluated = _serious(actor, created, today)
    return result


def _serious(actor: Actor, events: Iterable[CreditEvent], today: dt.date) -> int:
    """A serious event (the scheme's 一票否决 and serious kinds) re-evaluates its facility at once, over its year so
    far, and a downgrade is published at once. The number of evaluations proposed."""
    scheme = active_scheme()
    periods: dict[tuple[dt.date, dt.date], set[int]] = defaultdict(set)
    for e in events:
        if scheme.is_serious(e.kind):
            start = dt.date(e.occurred_on.year, 1, 1)
            periods[(start, min(dt.date(start.year, 12, 31), max(today, e.occurred_on)))].add(e.facility_id)
    proposed = 0
    for p, ids in sorted(periods.items()):
        proposed += credit_evaluate(
            actor=actor, facility_ids=sorted(ids), period=p, trigger=Trigger.SERIOUS_EVENT
        ).proposed
        _downgrade_at_once(actor, ids)
    return proposed


def _downgrade_at_once(actor: Actor, facility_ids: Iterable[int]) -> None:
    """A serious event downgrades at once (issue 14): the evaluation it caused is published without waiting for the
    annual review when it is worse than the level in force (or yellow or red where none is). An upgrade, or the same
    level, waits for the officer."""
    ids = list(facility_ids)
    published = {
        r.facility_id: r.level
        for r in CreditLevel.objects.filter(facility_id__in=ids, status=LevelStatus.PUBLISHED)
    }
    for row in CreditLevel.objects.filter(
        facility_id__in=ids, status=LevelStatus.PROPOSED, trigger=Trigger.SERIOUS_EVENT
    ).order_by("pk"):
        current = published.get(row.facility_id)
        if current:
            worse = SEVERITY[row.proposed_level] < SEVERITY[current]
        else:
            worse = row.proposed_level in ("yellow", "red")
        if worse:
            credit_level_publish(actor=actor, level_id=row.pk, note=_("A serious event downgrades at once."))


@transaction.atomic
def credit_event_record(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    reason: str,
    article: str = "",
    amount: Decimal | None = None,
) -> CreditEvent:
    """An officer records an event no app records (a broken notification commitment, fraud found on site, an upheld
    complaint, a good-record item), with the reason; audited. A serious one re-evaluates the facility at once."""
    if kind not in EventKind.values or kind == EventKind.CLEAN_YEAR:
        raise DomainError(_("This kind of event cannot be recorded by hand."), field="kind")
    if occurred_on > clock.today():
        raise DomainError(_("The day cannot be in the future."), field="occurred_on")
    if not reason.strip():
        raise DomainError(_("Say why."), field="reason")
    if not summary.strip():
        raise DomainError(_("Describe the event."), field="summary")
    ref = registry.facility_ref(facility_id)
    event = CreditEvent.objects.create(
        facility_id=facility_id,
        kind=kind,
        occurred_on=occurred_on,
        recorded_at=clock.now(),
        source="manual",
        source_ref=f"manual:{uuid.uuid4().hex}",
        article=article.strip()[:100],
        amount=amount,
        summary=summary.strip()[:300],
        reason=reason.strip(),
        recorded_by=_user(actor),
        is_demo=ref.is_demo,
    )
    audit_record(
        actor=actor,
        action="credit.event.record",
        obj=event,
        after={
            "facility_id": facility_id,
            "kind": kind,
            "occurred_on": occurred_on.isoformat(),
            "summary": summary,
        },
        extra={"reason": reason},
    )
    _serious(actor, [event], clock.today())
    return event


@transaction.atomic
def credit_event_retract(*, actor: Actor, event_id: int, reason: str) -> int:
    """An officer takes back an event recorded by hand in error (events from the other parts are withdrawn by their
    source, never here): the event is removed with its whole record kept in the audit event, and the facility's
    evaluation in the works is computed again without it. The facility's id."""
    if not reason.strip():
        raise DomainError(_("Say why."), field="reason")
    event = CreditEvent.objects.select_for_update().filter(pk=event_id).first()
    if event is None or event.source != "manual":
        raise DomainError(_("Only an event recorded by hand can be taken back here."))
    before = {
        "facility_id": event.facility_id,
        "kind": event.kind,
        "occurred_on": event.occurred_on.isoformat(),
        "summary": event.summary,
        "reason": event.reason,
        "recorded_by": event.recorded_by_id,
    }
    facility_id = event.facility_id
    audit_record(
        actor=actor, action="credit.event.retract", obj=event, before=before, extra={"reason": reason.strip()}
    )
    event.delete()
    pending = CreditLevel.objects.filter(facility_id=facility_id, status__in=PENDING).first()
    if pending is not None:
        credit_evaluate(
            actor=actor,
            facility_ids=[facility_id],
            period=(pending.period_start, pending.period_end),
            trigger=pending.trigger,
        )
    return facility_id


# ---- Evaluations -----------------------------------------------------------------------------------------------


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The annual cycle: the previous calendar year."""
    return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)


@dataclass
class EvaluateResult:
    proposed: int = 0
    unchanged: int = 0


def _events_of(facility_ids: Sequence[int], start: dt.date) -> dict[int, list[scoring.Event]]:
    found: dict[int, list[scoring.Event]] = defaultdict(list)
    for n in range(0, len(facility_ids), 500):
        rows = CreditEvent.objects.filter(
            facility_id__in=facility_ids[n : n + 500], occurred_on__gte=start
        ).values_list("pk", "facility_id", "kind", "occurred_on", "amount")
        for pk, fid, kind, on, amount in rows:
            found[fid].append(scoring.Event(pk, kind, on, amount))
    return found


def _same(
    row: CreditLevel, scheme: str, start: dt.date, end: dt.date, ev: scoring.Evaluation, lines: list[Any]
) -> bool:
    return (
        row.scheme == scheme
        and row.period_start == start
        and row.period_end == end
        and row.proposed_level == ev.level
        and Decimal(row.score) == ev.score
        and row.explanation == lines
    )


@transaction.atomic
def credit_evaluate(
    *,
    actor: Actor,
    facility_ids: Sequence[int] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    trigger: str = Trigger.ANNUAL,
) -> EvaluateResult:
    """Proposes a level for each facility (all when ``facility_ids`` is None) over ``period`` (default: the previous
    calendar year) under the active scheme: the evaluation in the works is updated (back to proposed if it had been
    reviewed), or a new one proposed; nothing when the result equals the facility's evaluation already on file."""
    today = clock.today()
    start, end = period or default_period(today)
    if end < start:
        raise DomainError(_("The period ends before it starts."), field="period")
    scheme = active_scheme()
    ids = list(facility_ids) if facility_ids is not None else registry.facility_ids()
    events = _events_of(ids, start)
    demo = {f: r.is_demo for f, r in registry.facility_refs(ids).items()}
    pending = {
        r.facility_id: r
        for r in CreditLevel.objects.select_for_update().filter(facility_id__in=ids, status__in=PENDING)
    }
    published = {
        r.facility_id: r
        for r in CreditLevel.objects.filter(facility_id__in=ids, status=LevelStatus.PUBLISHED)
    }
    now = clock.now()
    result = EvaluateResult()
    for fid in ids:
        if fid not in demo:
            continue
        mine = events.get(fid, [])
        ev = scoring.evaluate(scheme, mine, start, end, today=today, later=[e for e in mine if e.on > end])
        lines = [line.as_json() for line in ev.lines]
        row = pending.get(fid)
        on_file = row or published.get(fid)
        if on_file is not None and _same(on_file, scheme.id, start, end, ev, lines):
            result.unchanged += 1
            continue
        before = {"level": row.proposed_level, "score": str(row.score), "status": row.status} if row else None
        if row is None:
            row = CreditLevel(facility_id=fid, is_demo=demo[fid])
        row.scheme, row.period_start, row.period_end = scheme.id, start, end
        row.score, row.proposed_level, row.explanation = ev.score, ev.level, lines
        row.repair = ev.repair.as_json() if ev.repair else {}
        row.good_items, row.veto, row.trigger = ev.good_items, ev.veto, trigger
        row.status, row.proposed_at, row.reviewed_by, row.reviewed_at = LevelStatus.PROPOSED, now, None, None
        row.save()
        CreditLevelEvent.record(
            row, actor, "proposed", data={"level": ev.level, "score": str(ev.score), "trigger": trigger}
        )
        audit_record(
            actor=actor,
            action="credit.level.propose",
            obj=row,
            before=before,
            after={
                "level": ev.level,
                "score": str(ev.score),
                "scheme": scheme.id,
                "period": [str(start), str(end)],
            },
            extra={"trigger": trigger},
        )
        result.proposed += 1
    return result


def _lock(level_id: int) -> CreditLevel:
    row = CreditLevel.objects.select_for_update().filter(pk=level_id).first()
    if row is None:
        raise DomainError(_("No such credit evaluation."))
    return row


@transaction.atomic
def credit_level_review(*, actor: Actor, level_id: int, note: str = "") -> CreditLevel:
    """The officer checked the proposal (its events and rules)."""
    row = _lock(level_id)

    def enter(obj: CreditLevel, target: str) -> list[str]:
        obj.reviewed_by, obj.reviewed_at = _user(actor), clock.now()
        return ["reviewed_by", "reviewed_at"]

    WORKFLOW.move(
        row,
        LevelStatus.REVIEWED,
        actor=actor,
        event=partial(CreditLevelEvent.record, row),
        action="credit.level.",
        note=note,
        on_enter=enter,
    )
    return row


@transaction.atomic
def credit_level_publish(*, actor: Actor, level_id: int, note: str = "") -> CreditLevel:
    """Publishes the proposed level: the facility's previous published level is superseded, and the level is
    written on the facility (``registry.facility_credit_level_set``), where the 双随机 draw reads it."""
    row = _lock(level_id)
    WORKFLOW.check(row.status, LevelStatus.PUBLISHED, note=note)
    old = (
        CreditLevel.objects.select_for_update()
        .filter(facility_id=row.facility_id, status=LevelStatus.PUBLISHED)
        .exclude(pk=row.pk)
        .first()
    )
    now = clock.now()
    if old is not None:

        def leave(obj: CreditLevel, target: str) -> list[str]:
            obj.superseded_at = now
            return ["superseded_at"]

        WORKFLOW.move(
            old,
            LevelStatus.SUPERSEDED,
            actor=actor,
            event=partial(CreditLevelEvent.record, old),
            action="credit.level.",
            who=SYSTEM,
            data={"by": row.pk},
            on_enter=leave,
        )

    def enter(obj: CreditLevel, target: str) -> list[str]:
        obj.level = obj.proposed_level
        obj.published_by, obj.published_at, obj.published_on = _user(actor), now, clock.today()
        return ["level", "published_by", "published_at", "published_on"]

    WORKFLOW.move(
        row,
        LevelStatus.PUBLISHED,
        actor=actor,
        event=partial(CreditLevelEvent.record, row),
        action="credit.level.",
        note=note,
        data={"level": row.proposed_level, "score": str(row.score)},
        on_enter=enter,
    )
    registry.facility_credit_level_set(
        actor=actor, facility_id=row.facility_id, level=row.level, source=f"credit:level:{row.pk}"
    )
    return row


@transaction.atomic
def credit_levels_publish(*, actor: Actor, level_ids: Iterable[int]) -> int:
    """Bulk publication (the list's tick boxes): each as ``credit_level_publish``; the number published."""
    done = 0
    for pk in sorted(set(level_ids)):
        credit_level_publish(actor=actor, level_id=pk)
        done += 1
    return done


# ---- Credit repair (信用修复) -------------------------------------------------------------------------------------


def repair_advice(facility_id: int) -> tuple[CreditLevel | None, scoring.RepairAdvice | None, dt.date | None]:
    """The facility's published level, what its scheme says about repairing it as of today (read afresh: a
    rectification accepted since counts), and the day of its last deduction."""
    level = CreditLevel.objects.filter(facility_id=facility_id, status=LevelStatus.PUBLISHED).first()
    if level is None:
        return None, None, None
    today = clock.today()
    scheme = scheme_files.load(level.scheme)
    mine = _events_of([facility_id], level.period_start).get(facility_id, [])
    ev = scoring.evaluate(
        scheme,
        mine,
        level.period_start,
        level.period_end,
        today=today,
        later=[e for e in mine if e.on > level.period_end],
    )
    deducted = {i for line in ev.lines if not line.good for i in line.event_ids}
    last = max((e.on for e in mine if e.id in deducted), default=None)
    return level, ev.repair, last


@transaction.atomic
def credit_repair_request(*, actor: Actor, facility_id: int, text: str) -> CreditRepairRequest:
    """The enterprise asks for its credit to be repaired: only when the scheme's clean period has passed since the
    last deduction and the rectification the scheme wants is accepted (``repair_advice``); one request at a time."""
    if not text.strip():
        raise DomainError(_("Say what has been done since the last deduction."), field="text")
    level, advice, _last = repair_advice(facility_id)
    if level is None or advice is None or not advice.needed:
        raise DomainError(_("There is nothing to repair: the published level has no deduction."))
    if not advice.ready:
        if advice.needs_rectification and not advice.rectified:
            raise DomainError(_("The rectification must be accepted first."))
        raise DomainError(
            _("A repair can be asked for from %(day)s.")
            % {"day": advice.eligible_on.isoformat() if advice.eligible_on else "—"}
        )
    if CreditRepairRequest.objects.filter(facility_id=facility_id, status=RepairStatus.REQUESTED).exists():
        raise DomainError(_("A request is already waiting for the bureau."))
    row = CreditRepairRequest.objects.create(
        facility_id=facility_id,
        level=level,
        text=text.strip(),
        requested_by=_user(actor),
        requested_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="credit.repair.request",
        obj=row,
        after={"facility_id": facility_id, "level": level.pk, "text": row.text},
    )
    return row


@transaction.atomic
def credit_repair_decide(
    *, actor: Actor, request_id: int, grant: bool, note: str = ""
) -> CreditRepairRequest:
    """The bureau decides. Granted: the facility is evaluated again over the clean period (from the day after its
    last deduction to today) and that level is published at once. Refused: with the reason."""
    row = CreditRepairRequest.objects.select_for_update().filter(pk=request_id).first()
    if row is None or row.status != RepairStatus.REQUESTED:
        raise DomainError(_("This request has been decided already."))
    if not grant and not note.strip():
        raise DomainError(_("Say why."), field="note")
    now = clock.now()
    if grant:
        level, advice, last = repair_advice(row.facility_id)
        if level is None or advice is None or not advice.ready or last is None:
            raise DomainError(
                _("The facility no longer qualifies for a repair: a new deduction or level since.")
            )
        start = min(last + dt.timedelta(days=1), clock.today())
        credit_evaluate(
            actor=actor, facility_ids=[row.facility_id], period=(start, clock.today()), trigger=Trigger.REPAIR
        )
        pending = CreditLevel.objects.get(facility_id=row.facility_id, status__in=PENDING)
        row.new_level = credit_level_publish(
            actor=actor, level_id=pending.pk, note=_("Credit repair granted.")
        )
    row.status = RepairStatus.GRANTED if grant else RepairStatus.REFUSED
    row.decided_by, row.decided_at, row.note = _user(actor), now, note.strip()
    row.save(update_fields=["status", "decided_by", "decided_at", "note", "new_level"])
    audit_record(
        actor=actor,
        action="credit.repair.grant" if grant else "credit.repair.refuse",
        obj=row,
        before={"status": RepairStatus.REQUESTED},
        after={"status": row.status, "new_level": row.new_level_id},
        extra={"note": row.note},
    )
    return row
