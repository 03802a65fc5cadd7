"""The workflow kernel (issue 12): a status changes only along a transition table, by a party allowed to make the
move, past the move's guard, under the caller's row lock, and every move leaves an event row on the record's
timeline and an audit event. Rectification cases, closure cases, penalty cases and their daily-penalty rounds,
inspections and monitoring alarms use it; the next apps (filings, complaints, credit) start from it.

An app declares its table in ``states.py`` (pure: no database) as a ``Workflow`` of ``Transition`` rows, and its
one transition service calls ``Workflow.move`` with the locked record. The other pieces of the kernel:
``core.models.WorkflowEvent`` (the event row), ``core.numbering`` (numbers), ``core.evidence`` (files as evidence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    #: Who may make the move (the app's own ``Who`` values); empty: whoever may call the service.
    who: frozenset[str] = frozenset()
    #: The move needs a note saying why (a withdrawal, a return).
    needs_note: bool = False
    #: The name of the check the service runs before the move (``move(guards=...)``), e.g. "acceptance".
    guard: str = ""


class Workflow:
    """A transition table over one ``TextChoices`` of statuses, and the messages its refusals give."""

    def __init__(
        self,
        statuses: Any,
        transitions: Iterable[Transition],
        *,
        refused: str | Promise,
        forbidden: str | Promise,
    ) -> None:
        self.statuses = statuses
        self.transitions = tuple(transitions)
        self._index = {(t.source, t.target): t for t in self.transitions}
        if len(self._index) != len(self.transitions):
            raise ValueError("a transition table lists a move twice")
        unknown = {s for t in self.transitions for s in (t.source, t.target)} - set(statuses.values)
        if unknown:
            raise ValueError(f"transitions name unknown statuses: {sorted(unknown)}")
        self.refused = refused  # msgid with %(src)s and %(dst)s
        self.forbidden = forbidden

    def get(self, source: str, target: str) -> Transition | None:
        return self._index.get((str(source), str(target)))

    def targets(self, source: str, who: str | None = None) -> list[Any]:
        """The statuses reachable from ``source`` (by ``who``, when given), in table order."""
        return [
            self.statuses(t.target)
            for t in self.transitions
            if t.source == source and (who is None or who in t.who)
        ]

    def check(self, source: str, target: str, *, who: str | None = None, note: str = "") -> Transition:
        """The transition from ``source`` to ``target``; ``DomainError`` saying why when there is none, when
        ``who`` may not make it, or when it needs a note and has none."""
        if target not in self.statuses.values:
            raise DomainError(_("Unknown status %(s)s.") % {"s": target}, code="state")
        t = self.get(source, target)
        if t is None:
            raise DomainError(
                str(self.refused) % {"src": self.statuses(source).label, "dst": self.statuses(target).label},
                code="state",
            )
        if who is not None and t.who and who not in t.who:
            raise DomainError(str(self.forbidden), code="forbidden")
        if t.needs_note and not note.strip():
            raise DomainError(_("Say why."), field="note")
        return t

    def move(
        self,
        obj: Any,
        target: str,
        *,
        actor: Actor,
        event: Callable[..., Any],
        action: str,
        who: str | None = None,
        note: str = "",
        data: Mapping[str, Any] | None = None,
        guards: Mapping[str, Callable[[Any], None]] | None = None,
        on_enter: Callable[[Any, str], Iterable[str]] | None = None,
        event_prefix: str = "status.",
        audit_after: Mapping[str, Any] | None = None,
    ) -> Transition:
        """Moves ``obj`` (locked by the caller) to ``target``: checks the move and its guard, sets the status, lets
        ``on_enter(obj, target)`` set what entering the status sets (returning those field names), saves, writes
        the event row (``event(actor, kind, note=, data=, from_status=, to_status=)``) and the audit event
        (``<action><label>``, e.g. ``case.`` + ``accept``)."""
        from ecopermit.core.audit.services import (
            audit_record,  # lazy: the tables stay importable without a database
        )

        t = self.check(obj.status, target, who=who, note=note)
        if t.guard:
            if not guards or t.guard not in guards:
                raise RuntimeError(f"the guard {t.guard!r} of {t.label!r} was not given")
            guards[t.guard](obj)
        source = obj.status
        obj.status = target
        fields = ["status", *(on_enter(obj, target) if on_enter else ())]
        obj.save(update_fields=fields)
        payload = dict(data or {})
        event(
            actor, f"{event_prefix}{t.label}", note=note, data=payload, from_status=source, to_status=target
        )
        audit_record(
            actor=actor,
            action=f"{action}{t.label}",
            obj=obj,
            before={"status": source},
            after={"status": target, **(audit_after if audit_after is not None else payload)},
            extra={"note": note} if note else None,
        )
        return t
