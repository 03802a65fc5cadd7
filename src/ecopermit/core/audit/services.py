"""Appending to and verifying the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from ecopermit.core.audit import context
from ecopermit.core.audit.chain import GENESIS_HASH, row_hash
from ecopermit.core.audit.models import AuditEvent, AuditHead
from ecopermit.core.types import Actor


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so that what is hashed is exactly what the database gives back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_username": "", "actor_role": ""}
    return {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "actor_role": getattr(actor, "role_summary", "") or "",
    }


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    before: Any = None,
    after: Any = None,
    extra: Any = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    username: str | None = None,
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction, so a rolled-back write leaves no event."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    ctx = context.current()
    fields = _actor_fields(actor)
    if username is not None and not fields["actor_username"]:
        fields["actor_username"] = username[:150]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        row: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "created_at": timezone.now(),  # real time, never the business clock
            **fields,
            "ip": ctx.ip,
            "request_id": ctx.request_id,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id) if object_id != "" else "",
            "outcome": str(outcome),
            "before": _jsonable(before),
            "after": _jsonable(after),
            "extra": _jsonable(extra),
            "prev_hash": head.last_hash,
        }
        row["hash"] = row_hash(row)
        event = AuditEvent.objects.create(**row)
        head.last_seq = row["seq"]
        head.last_hash = row["hash"]
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows() -> Iterator[dict[str, Any]]:
    fields = [f.name for f in AuditEvent._meta.concrete_fields if f.name != "id"]
    yield from AuditEvent.objects.order_by("seq").values(*fields).iterator(chunk_size=2000)


def audit_verify_chain() -> ChainReport:
    """Recompute every hash and link; report each row that does not fit (edited, removed or inserted)."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for row in _rows():
        checked += 1
        if row["seq"] != expected_seq:
            problems.append(ChainProblem(row["seq"], f"sequence gap: expected #{expected_seq}"))
        if row["prev_hash"] != expected_prev:
            problems.append(ChainProblem(row["seq"], "link broken: prev_hash does not match the row before"))
        if row_hash(row) != row["hash"]:
            problems.append(ChainProblem(row["seq"], "content changed: stored hash does not match the row"))
        expected_prev = row["hash"]
        expected_seq = row["seq"] + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        problems.append(
            ChainProblem(head.last_seq, "head does not match the last row: rows removed at the end")
        )
    return ChainReport(checked=checked, problems=tuple(problems))
