"""The transition table of the five-step lifecycle (P6)."""

from __future__ import annotations

from collections import deque

from ecopermit.cases.states import STEP_OF, TRANSITIONS, Status, Step, Who, allowed_targets, transition


def _reachable(start: Status) -> set[Status]:
    seen, queue = {start}, deque([start])
    while queue:
        s = queue.popleft()
        for t in TRANSITIONS:
            if t.source == s and t.target not in seen:
                seen.add(t.target)
                queue.append(t.target)
    return seen


def test_every_status_has_a_step_and_is_reachable_from_found():
    assert set(STEP_OF) == set(Status)
    assert _reachable(Status.FOUND) == set(Status)


def test_every_open_status_can_reach_publication():
    for status in Status:
        assert Status.PUBLISHED in _reachable(status)


def test_published_is_final():
    assert allowed_targets(Status.PUBLISHED, Who.OFFICER) == []


def test_enterprise_cannot_accept_its_own_rectification():
    assert Status.ACCEPTED not in allowed_targets(Status.ACCEPTANCE_REQUESTED, Who.ENTERPRISE)
    assert allowed_targets(Status.NOTICE_SERVED, Who.ENTERPRISE) == [Status.PLAN_SUBMITTED]


def test_only_running_deadlines_escalate_and_the_platform_may_do_it():
    escalating = {t.source for t in TRANSITIONS if t.target == Status.OVERDUE}
    assert escalating == {
        Status.NOTICE_SERVED,
        Status.PLAN_SUBMITTED,
        Status.IN_PROGRESS,
        Status.ACCEPTANCE_REQUESTED,
    }
    assert all(Who.SYSTEM in transition(s, Status.OVERDUE).who for s in escalating)


def test_steps_follow_the_method_order():
    order = list(Step)
    for t in TRANSITIONS:
        # Moving on never jumps back a step, except returning a plan within 三督 or resuming after 四罚.
        if order.index(STEP_OF[t.target]) < order.index(STEP_OF[t.source]):
            assert (t.source, t.target) == (Status.REFERRED, Status.ACCEPTANCE_REQUESTED)


def test_unknown_transition_is_none():
    assert transition(Status.FOUND, Status.ACCEPTED) is None
