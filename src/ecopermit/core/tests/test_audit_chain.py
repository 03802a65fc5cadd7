"""The audit log is append-only and hash-chained (等保 DJB-AUD-3, TAMP; issue 2 'verifies the audit chain')."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ecopermit.core.audit.chain import GENESIS_HASH
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    """What an attacker with database rights would do before editing history."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER core_auditevent_no_update")
            cur.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cur.execute("DROP TRIGGER core_auditevent_append_only ON core_auditevent")


def _three_events() -> list[AuditEvent]:
    return [
        audit_record(actor=None, action="test.one", object_type="x", object_id=1, after={"a": 1}),
        audit_record(
            actor=None, action="test.two", object_type="x", object_id=1, before={"a": 1}, after={"a": 2}
        ),
        audit_record(actor=None, action="test.three", extra={"amount": "1.50", "名称": "定海"}),
    ]


def test_events_chain_from_genesis_and_verify():
    events = _three_events()
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert [e.seq for e in events] == [1, 2, 3]
    report = audit_verify_chain()
    assert report.ok and report.checked == 3


def test_database_refuses_update_and_delete():
    event = _three_events()[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.one"


def test_verify_detects_an_edited_row():
    events = _three_events()
    _drop_triggers()
    AuditEvent.objects.filter(pk=events[1].pk).update(after={"a": 3})
    report = audit_verify_chain()
    assert not report.ok
    assert [p.seq for p in report.problems] == [2]
    assert "content changed" in report.problems[0].reason


def test_verify_detects_a_removed_row_in_the_middle_and_at_the_end():
    events = _three_events()
    _drop_triggers()
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    report = audit_verify_chain()
    assert {p.seq for p in report.problems} == {3}
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    report = audit_verify_chain()
    assert any("head" in p.reason for p in report.problems)


def test_verify_detects_a_rehashed_row():
    """Recomputing the edited row's own hash is not enough: the next row's link breaks."""
    from ecopermit.core.audit.chain import row_hash

    events = _three_events()
    _drop_triggers()
    row = AuditEvent.objects.filter(pk=events[0].pk).values().get()
    row["action"] = "test.forged"
    new_hash = row_hash(row)
    AuditEvent.objects.filter(pk=events[0].pk).update(action="test.forged", hash=new_hash)
    report = audit_verify_chain()
    assert [p.seq for p in report.problems] == [2]
    assert "link broken" in report.problems[0].reason


def test_command_reports_ok_and_fails_on_tampering(capsys):
    events = _three_events()
    call_command("audit", "verify")
    assert "3 events verified" in capsys.readouterr().out
    _drop_triggers()
    AuditEvent.objects.filter(pk=events[2].pk).update(actor_username="someone-else")
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")
    assert "event #3" in capsys.readouterr().err


def test_a_rolled_back_write_leaves_no_event():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.doomed")
        raise RuntimeError
    assert not AuditEvent.objects.filter(action="test.doomed").exists()
    assert audit_verify_chain().ok
