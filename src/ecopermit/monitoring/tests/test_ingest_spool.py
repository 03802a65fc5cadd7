"""The spool: nothing acknowledged is lost, through a database outage and a kill -9 (issue 5; ING-SPOOL-1)."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from django.db import OperationalError

from ecopermit.monitoring.ingest import store
from ecopermit.monitoring.ingest.spool import SpoolReader, SpoolWriter, encode_record, list_segments
from ecopermit.monitoring.models import Reading, Upload
from ecopermit.monitoring.tests.ingest_support import (
    MN,
    connect,
    drained,
    frame,
    read_answers,
    wait_for,
)

pytestmark = pytest.mark.django_db


def test_database_outage_frames_spooled_acked_and_drained_later(
    dl, ingest_server, ingest_config, monkeypatch
):  # type: ignore[no-untyped-def]
    """ING-SPOOL-1: with the database unreachable every frame is still answered (it is in the spool); when
    the database returns the spool drains and every acknowledged frame is stored, none twice."""
    real = store.store_batch
    calls = {"failed": 0}

    def down(uploads, readings):  # type: ignore[no-untyped-def]
        calls["failed"] += 1
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(store, "store_batch", down)
    server = ingest_server()
    with connect(server) as sock:
        for minute in range(30):
            sock.sendall(frame(data_time=f"2026112810{minute:02d}00", qn=f"2026112810{minute:02d}00000"))
        answers = read_answers(sock, 30)
    assert len(answers) == 30
    wait_for(lambda: calls["failed"] >= 2)
    assert Upload.objects.count() == 0
    assert server.server.writer.stats.db_ok is False
    _segments, spooled = server.server.reader.depth()
    assert spooled > 0

    monkeypatch.setattr(store, "store_batch", real)  # the database is back
    wait_for(lambda: server.server.writer.stats.db_ok, timeout=15)
    drained(server)
    assert Upload.objects.count() == 30
    assert Reading.objects.count() == 60
    assert server.server.reader.depth()[1] == 0


def _write_crash_spool(directory, datalogger_id: int, outlet_id: int, count: int) -> None:  # type: ignore[no-untyped-def]
    """What a listener killed with -9 leaves: fsync'd records, and a torn record at the end of the segment."""
    writer = SpoolWriter(directory)
    records = []
    for minute in range(count):
        raw = frame(data_time=f"2026112809{minute:02d}00").rstrip(b"\r\n")
        from ecopermit.monitoring.hj212 import decode

        packet = decode(raw)
        records.append(
            encode_record(
                received_at=time.time(), datalogger_id=datalogger_id, outlet_id=outlet_id, peer="10.0.0.7:5000",
                raw=raw, header=packet.header, cp=packet.cp, warnings=[],
            )
        )  # fmt: skip
    writer.append(b"".join(records))
    writer.append(records[0][: len(records[0]) // 2])  # torn: never fsync'd, never acknowledged
    writer.sync()
    # no close(): the process died


def test_spool_left_by_a_crash_is_replayed_on_start(dl, ingest_server, ingest_config):  # type: ignore[no-untyped-def]
    """ING-ACK-1 / kill -9: a new listener stores every whole record a dead one left, ignores the torn tail,
    and deletes the old segment once stored."""
    _write_crash_spool(ingest_config.spool_dir, dl.pk, dl.outlet_id, 12)
    assert len(list_segments(ingest_config.spool_dir)) == 1
    server = ingest_server()
    drained(server)
    assert Upload.objects.count() == 12
    assert Reading.objects.count() == 24
    assert sorted(u.data_time.minute for u in Upload.objects.all()) == list(range(12))
    wait_for(
        lambda: (
            all(seq > 1 for seq, _ in list_segments(ingest_config.spool_dir))
            or not list_segments(ingest_config.spool_dir)
        )
    )


def test_replay_twice_stores_once(dl, ingest_config):  # type: ignore[no-untyped-def]
    """Replaying a segment again (a crash after the insert, before the segment was deleted) changes nothing."""
    from ecopermit.monitoring.ingest.writer import DbWriter

    _write_crash_spool(ingest_config.spool_dir, dl.pk, dl.outlet_id, 5)
    for _ in range(2):
        writer = DbWriter(SpoolReader(ingest_config.spool_dir))
        while writer.step():
            pass
        writer.reader.position = None  # forget progress, as a new process would
    assert Upload.objects.count() == 5 and Reading.objects.count() == 10


def test_spool_reader_stops_at_a_torn_record_and_resumes(tmp_path):  # type: ignore[no-untyped-def]
    """Records are length + CRC-32 framed: a partial record is not read until it is whole."""
    writer = SpoolWriter(tmp_path)
    rec = encode_record(received_at=1.0, datalogger_id=1, outlet_id=2, peer="p", raw=b"##x", header={"CN": "2051"},
                        cp={"DataTime": "20261128100000"}, warnings=[])  # fmt: skip
    writer.append(rec + rec[:10])
    reader = SpoolReader(tmp_path, live_seq=lambda: writer.live_seq)
    assert len(reader.read(100)) == 1
    writer.append(rec[10:])
    got = reader.read(100)
    assert len(got) == 1 and got[0][0].cp == {"DataTime": "20261128100000"}
    assert reader.read(100) == []


def test_store_batch_converts_beijing_time(dl):  # type: ignore[no-untyped-def]
    """DataTime is Beijing time; stored aware (UTC in the database)."""
    from ecopermit.monitoring.ingest.convert import parse_data_time

    when = parse_data_time("20261128100000")
    assert when is not None and when.utcoffset().total_seconds() == 8 * 3600
    row = store.UploadRow(dl.pk, MN, "2061", when, "", when, "p", "raw", [])
    assert store.store_batch([row], []) == (1, 0)
    assert store.store_batch([row], []) == (0, 0)
    assert Upload.objects.get().data_time == datetime.fromisoformat("2026-11-28T02:00:00+00:00")


def test_last_seen_recorded_on_the_logger(dl, ingest_server):  # type: ignore[no-untyped-def]
    """Datalogger.last_seen_at / last_peer are updated by the writer (throttled, not per frame)."""
    server = ingest_server(last_seen_flush=0.1)
    with connect(server) as sock:
        sock.sendall(frame())
        assert len(read_answers(sock)) == 1
        port = sock.getsockname()[1]
    wait_for(lambda: type(dl).objects.get(pk=dl.pk).last_seen_at is not None)
    dl.refresh_from_db()
    assert dl.last_peer == f"127.0.0.1:{port}"
