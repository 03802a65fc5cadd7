"""按日连续处罚 (Order 28) on a decided case and on the command line, with worked examples (E3).

Worked examples (Art. 17: from the day after service to the re-inspection day, both included, accumulating over the
rounds; Art. 19: amount = original fine × days):
- fine 200,000, served 2026-03-02, found 2026-03-31: 3 March … 31 March = 29 days → 5,800,000 yuan;
- served 2026-02-27, found 2026-03-01 (no 29 February in 2026): 28 Feb, 1 Mar = 2 days;
- served and found the same day: 0 days.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.enforcement import facade, rounds, services
from ecopermit.enforcement.models import DailyPenaltyRound, PenaltyDecisionRecord
from ecopermit.enforcement.tests.conftest import notified_case, notify_and_decide_round

pytestmark = pytest.mark.django_db
D = dt.date


def _cli(*args: str, article: str = "33(1)") -> dict:
    out = io.StringIO()
    call_command("enforcement", "daily-penalty", "--article", article, *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("fine", "served", "found", "days", "amount"),
    [
        ("200000", "2026-03-02", "2026-03-31", 29, 5_800_000),
        ("200000", "2026-02-27", "2026-03-01", 2, 400_000),
        ("200000", "2028-02-28", "2028-03-01", 2, 400_000),  # 29 February 2028 counts
        ("50000", "2026-12-25", "2027-01-05", 11, 550_000),  # across the year end
        ("200000", "2026-03-02", "2026-03-02", 0, 0),
        ("12345.5", "2026-03-02", "2026-03-04", 2, 24691),
        ("10000.25", "2026-03-02", "2026-03-03", 1, 10000.25),
    ],
)
def test_cli_worked_examples(fine, served, found, days, amount):
    out = _cli("--fine", fine, "--served", served, "--found", found)
    assert (out["days"], out["amount"]) == (days, amount)
    assert [(r["served"], r["found"], r["days"], r["amount"]) for r in out["rounds"]] == [
        (served, found, days, amount)
    ]


def test_cli_prints_numbers_not_strings():
    out = io.StringIO()
    call_command(
        "enforcement",
        "daily-penalty",
        "--article",
        "34(1)",
        "--fine",
        "200000",
        "--served",
        "2026-03-02",
        "--found",
        "2026-03-31",
        stdout=out,
    )
    assert out.getvalue().strip() == (
        '{"days": 29, "amount": 5800000, "rounds": [{"round": 1, "served": "2026-03-02", "found": "2026-03-31", '
        '"from": "2026-03-03", "to": "2026-03-31", "days": 29, "amount": 5800000}]}'
    )


def test_cli_refuses_found_before_served_and_bad_fines():
    with pytest.raises(CommandError, match="早于"):
        _cli("--fine", "200000", "--served", "2026-03-31", "--found", "2026-03-02")
    with pytest.raises(CommandError, match="--fine"):
        _cli("--fine", "abc", "--served", "2026-03-02", "--found", "2026-03-03")
    with pytest.raises(CommandError, match="大于零"):
        _cli("--fine", "-5", "--served", "2026-03-02", "--found", "2026-03-03")


def test_cli_correction_before_the_reinspection_gives_no_penalty():
    out = _cli(
        "--fine", "200000", "--served", "2026-03-02", "--found", "2026-03-31", "--corrected", "2026-03-20"
    )
    assert (out["days"], out["amount"], out["rounds"][0]["from"]) == (0, 0, None)


def _decided(personas):  # type: ignore[no-untyped-def]
    case = notified_case(personas, amount=200_000)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    return services.decision_make(
        actor=personas["leader"], case=case, amount=200_000, decided_on=D(2026, 3, 4)
    )


def test_multi_round_daily_penalty_until_correction(personas):
    """Two rounds find the violation continuing, the third finds it corrected: the series ends.

    Round 1: served 5 Mar, found 3 Apr → 6 Mar … 3 Apr = 29 days × 200,000 = 5,800,000.
    Round 2: served 6 Apr, found (obstructed) 25 Apr → counted on from the day after round 1's re-inspection
    (Art. 17, 累计执行): 4 Apr … 25 Apr = 22 days (3 of them, 4–6 Apr, up to the new order's service; counting
    per order would give 7 Apr … 25 Apr = 19) → 4,400,000.
    Together 25 Apr − 5 Mar = 51 days = 29 + 22.
    Round 3: corrected 10 May, found corrected 20 May → 0 days (Art. 12)."""
    officer, leader = personas["officer"], personas["leader"]
    case = _decided(personas)
    r1 = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 2 + 3))
    assert r1.reinspection_due == D(2026, 4, 4)  # 30 days (Art. 10)
    with pytest.raises(DomainError, match=r"re-inspection|复查"):
        rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 6))
    r1 = rounds.round_reinspect(actor=officer, rnd=r1, reinspected_on=D(2026, 4, 3), result="continuing")
    assert (r1.days, r1.amount, r1.period_start, r1.status) == (
        29,
        Decimal("5800000"),
        D(2026, 3, 6),
        "found",
    )
    assert "第十七条" in r1.basis
    with pytest.raises(DomainError) as exc:
        rounds.round_decide(actor=officer, rnd=r1)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError, match="请先送达按日连续处罚事先（听证）告知书") as exc:
        rounds.round_decide(actor=leader, rnd=r1, decided_on=D(2026, 4, 5))  # no notice yet
    notify_and_decide_round(personas, r1, D(2026, 4, 4), D(2026, 4, 5))
    r1.refresh_from_db()
    assert r1.notice_number == "舟定环罚告〔2026〕第2号" and r1.decision_number == "舟定环罚〔2026〕第2号"
    assert r1.status == "decided"
    r2 = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 4, 6))
    r2 = rounds.round_reinspect(actor=officer, rnd=r2, reinspected_on=D(2026, 4, 25), result="obstructed")
    assert (r2.days, r2.amount, r2.period_start) == (22, Decimal("4400000"), D(2026, 4, 4))
    assert "第十三条" in r2.basis and "累计执行" in r2.basis and "其中3日" in r2.basis
    notify_and_decide_round(personas, r2, D(2026, 4, 26), D(2026, 5, 6))
    r3 = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 4, 27))
    r3 = rounds.round_reinspect(
        actor=officer, rnd=r3, reinspected_on=D(2026, 5, 20), result="corrected", corrected_on=D(2026, 5, 10)
    )
    assert (r3.days, r3.amount, r3.status) == (0, 0, "ended") and "第十二条" in r3.basis
    with pytest.raises(DomainError, match=r"ended|终止"):
        rounds.round_serve(actor=officer, case=case, served_on=D(2026, 5, 21))
    with pytest.raises(DomainError):
        rounds.round_decide(actor=leader, rnd=r3)
    assert list(DailyPenaltyRound.objects.filter(case=case).values_list("seq", "days")) == [
        (1, 29),
        (2, 22),
        (3, 0),
    ]
    daily = [d for d in facade.penalty_decisions() if d.kind == "daily"]
    assert [(d.amount, d.article) for d in daily] == [(Decimal("5800000"), 38), (Decimal("4400000"), 38)]
    assert PenaltyDecisionRecord.objects.count() == 3
    assert AuditEvent.objects.filter(action="penalty.daily_reinspect").count() == 3
    assert AuditEvent.objects.filter(action="penalty.daily_notify").count() == 2
    assert AuditEvent.objects.filter(action="penalty.daily_refusal_found").count() == 2
    assert AuditEvent.objects.filter(action="penalty.daily_decide").count() == 2


def test_rounds_need_a_decided_fine(personas):
    case = notified_case(personas)
    with pytest.raises(DomainError, match=r"Art. 7|第七条"):
        rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 10))


def test_tick_reminds_the_handler_once(personas):
    from ecopermit.core.models import Notification

    case = _decided(personas)
    rnd = rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
    assert rounds.enforcement_tick(today=D(2026, 3, 20)) == {"reminders": 0}
    assert rounds.enforcement_tick(today=D(2026, 3, 29)) == {"reminders": 1}
    assert rounds.enforcement_tick(today=D(2026, 3, 30)) == {"reminders": 0}
    assert AuditEvent.objects.filter(action="penalty.daily_reminder", object_id=str(rnd.pk)).count() == 1
    note = Notification.objects.get(user=personas["officer"], text__contains=case.number)
    assert rnd.reinspection_due.isoformat() in note.text


def test_the_worker_task_and_the_command_send_the_reminder(personas, capsys):
    import time_machine

    from ecopermit.enforcement.tasks import daily_reinspection_watch

    case = _decided(personas)
    rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
    call_command("enforcement", "tick", "--today", "2026-03-10")
    assert "reminders sent: 0" in capsys.readouterr().out
    with time_machine.travel(dt.datetime(2026, 4, 6, 6, 10, tzinfo=dt.UTC)):
        daily_reinspection_watch()  # MemoryHuey in immediate mode runs it now
    assert DailyPenaltyRound.objects.get(case=case).reminded is True


def test_cli_names_a_malformed_date():
    with pytest.raises(CommandError, match="--served"):
        _cli("--fine", "200000", "--served", "2026-3-2", "--found", "2026-03-31")
    with pytest.raises(CommandError, match="--round"):
        _cli("--fine", "200000", "--round", "2026-03-02/2026-03-31")


def test_decisions_since_a_date_or_a_time(personas):
    case = _decided(personas)
    rnd = rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
    rnd = rounds.round_reinspect(
        actor=personas["officer"], rnd=rnd, reinspected_on=D(2026, 3, 15), result="continuing"
    )
    notify_and_decide_round(personas, rnd, D(2026, 3, 15), D(2026, 3, 16))
    assert [d.kind for d in facade.penalty_decisions()] == ["penalty", "daily"]
    assert [d.kind for d in facade.penalty_decisions(D(2026, 3, 5))] == ["daily"]
    first = facade.penalty_decisions()[0]
    assert [d.kind for d in facade.penalty_decisions(first.recorded_at)] == ["daily"]
    assert AuditEvent.objects.filter(action="penalty.daily_decide").exists()
