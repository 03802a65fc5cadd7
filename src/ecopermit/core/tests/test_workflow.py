"""The workflow kernel (issue 12): tables checked when declared, moves refused with a reason, guards run, every
move leaves its event row and audit event — and the four lifecycles of the platform run on it."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from ecopermit.core.errors import DomainError
from ecopermit.core.workflow import Transition, Workflow


class S(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已送达"
    DONE = "done", "已办结"
    VOID = "void", "已撤销"


TABLE = (
    Transition(S.DRAFT, S.SENT, "send", frozenset({"officer"})),
    Transition(S.SENT, S.DONE, "finish", frozenset({"officer", "leader"}), guard="complete"),
    Transition(S.DRAFT, S.VOID, "void", frozenset({"leader"}), needs_note=True),
)
FLOW = Workflow(S, TABLE, refused="“%(src)s”不能变为“%(dst)s”", forbidden="需要负责人")


class Thing:
    def __init__(self, status: str) -> None:
        self.status, self.saved = status, []

    def save(self, update_fields: list[str]) -> None:
        self.saved.append(update_fields)


def test_a_table_that_lists_a_move_twice_or_an_unknown_status_is_refused_when_declared():
    with pytest.raises(ValueError, match="twice"):
        Workflow(S, (*TABLE, Transition(S.DRAFT, S.SENT, "again")), refused="", forbidden="")
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(S, (Transition(S.DRAFT, "lost", "x"),), refused="", forbidden="")


def test_targets_follow_the_table_and_the_party():
    assert FLOW.targets(S.DRAFT) == [S.SENT, S.VOID]
    assert FLOW.targets(S.DRAFT, "officer") == [S.SENT]
    assert FLOW.targets(S.DONE) == []


@pytest.mark.parametrize(
    ("source", "target", "who", "note", "code", "words"),
    [
        (S.DONE, S.DRAFT, "officer", "", "state", "“已办结”不能变为“草稿”"),
        (S.DRAFT, "nonsense", "officer", "", "state", "nonsense"),
        (S.DRAFT, S.VOID, "officer", "x", "forbidden", "需要负责人"),
    ],
)
def test_a_refused_move_says_why(source, target, who, note, code, words):
    with translation.override("zh-hans"), pytest.raises(DomainError) as info:
        FLOW.check(source, target, who=who, note=note)
    assert info.value.code == code and words in info.value.message


def test_a_move_that_needs_a_note_refuses_an_empty_one():
    with pytest.raises(DomainError) as info:
        FLOW.check(S.DRAFT, S.VOID, who="leader", note="  ")
    assert info.value.field == "note"
    assert FLOW.check(S.DRAFT, S.VOID, who="leader", note="重复登记").label == "void"


@pytest.mark.django_db
def test_a_move_runs_its_guard_saves_and_leaves_its_event_and_audit(personas):
    from ecopermit.core.audit.models import AuditEvent

    events = []
    thing = Thing(S.SENT)
    thing.pk, thing._meta = 1, AuditEvent._meta  # audit_record names the object by its model and pk

    def event(actor, kind, **kw):  # type: ignore[no-untyped-def]
        events.append((actor, kind, kw))

    with pytest.raises(RuntimeError, match="guard 'complete'"):
        FLOW.move(thing, S.DONE, actor=personas["officer"], who="officer", event=event, action="thing.")
    refused = []

    def not_complete(t):  # type: ignore[no-untyped-def]
        refused.append(t)
        raise DomainError("未完成")

    with pytest.raises(DomainError):
        FLOW.move(
            thing,
            S.DONE,
            actor=personas["officer"],
            who="officer",
            event=event,
            action="thing.",
            guards={"complete": not_complete},
        )
    assert refused == [thing] and thing.status == S.SENT and not thing.saved and not events
    FLOW.move(
        thing,
        S.DONE,
        actor=personas["officer"],
        who="leader",
        event=event,
        action="thing.",
        note="已核实",
        data={"n": 1},
        guards={"complete": lambda t: None},
        on_enter=lambda t, target: ["closed_at"],
    )
    assert thing.status == S.DONE and thing.saved == [["status", "closed_at"]]
    assert events == [
        (
            personas["officer"],
            "status.finish",
            {"note": "已核实", "data": {"n": 1}, "from_status": S.SENT, "to_status": S.DONE},
        )
    ]
    audit = AuditEvent.objects.filter(action="thing.finish").get()
    assert audit.before == {"status": "sent"} and audit.after == {"status": "done", "n": 1}
    assert audit.extra == {"note": "已核实"}


def test_the_four_lifecycles_run_on_the_kernel():
    from ecopermit.cases.closure_states import CLOSURE_WORKFLOW
    from ecopermit.cases.states import WORKFLOW as CASES
    from ecopermit.enforcement.states import ROUND_WORKFLOW
    from ecopermit.enforcement.states import WORKFLOW as PENALTIES

    for flow in (CASES, CLOSURE_WORKFLOW, PENALTIES, ROUND_WORKFLOW):
        assert isinstance(flow, Workflow) and flow.transitions
    assert CASES.get("acceptance_requested", "accepted").guard == "acceptance"
