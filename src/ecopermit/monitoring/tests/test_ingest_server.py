"""The HJ 212 listener against a real TCP client (issue 5 "The listener"; MISSION M1).

Each test starts the real server on a free port in a thread of the test process and talks to it over TCP.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from ecopermit.monitoring.ingest import archive as archive_mod
from ecopermit.monitoring.ingest.spool import SpoolWriter, list_segments
from ecopermit.monitoring.models import Reading, Upload
from ecopermit.monitoring.tests.ingest_support import (
    MN,
    connect,
    drained,
    frame,
    is_closed,
    read_answers,
    wait_for,
)

pytestmark = pytest.mark.django_db


def archive_lines(ingest_config):  # type: ignore[no-untyped-def]
    lines = []
    for path in sorted(ingest_config.archive_dir.glob("*.log")):
        lines += [archive_mod.parse_line(line) for line in path.read_bytes().splitlines()]
    return lines


def test_upload_is_answered_with_9014_and_stored(dl, ingest_server, ingest_config):  # type: ignore[no-untyped-def]
    """M1: a 2051 upload with the A bit gets a 9014 echoing its QN; the frame becomes one Upload and readings."""
    server = ingest_server()
    with connect(server) as sock:
        sock.sendall(frame("2051", "20261128100000", qn="20261128100000456"))
        answers = read_answers(sock)
    assert len(answers) == 1
    ack = answers[0].packet
    assert ack.crc_ok and ack.header["CN"] == "9014" and ack.header["ST"] == "91"
    assert ack.header["QN"] == "20261128100000456" and ack.header["MN"] == MN and ack.header["Flag"] == "4"
    drained(server)
    upload = Upload.objects.get()
    assert (upload.mn, upload.cn, upload.datalogger_id) == (MN, "2051", dl.pk)
    assert upload.data_time.isoformat() == "2026-11-28T02:00:00+00:00"  # 10:00 Beijing time
    rows = {(r.pollutant, r.kind): (r.value, r.flag) for r in Reading.objects.filter(outlet_id=dl.outlet_id)}
    assert rows == {("w01018", "min"): (35.2, "N"), ("w21003", "min"): (2.1, "N")}
    assert [v for _t, _p, v, _raw in archive_lines(ingest_config)] == ["accepted"]


def test_no_answer_without_the_a_bit(dl, ingest_server):  # type: ignore[no-untyped-def]
    """Flag=4 (2017, no answer requested): stored, not answered [STD p.6]."""
    server = ingest_server()
    with connect(server) as sock:
        sock.sendall(frame(flag="4"))
        assert read_answers(sock, timeout=0.6) == []
    drained(server)
    assert Upload.objects.count() == 1


def test_answer_only_after_the_spool_is_fsynced(dl, ingest_server, ingest_config, monkeypatch):  # type: ignore[no-untyped-def]
    """ING-ACK-1: while the spool's fsync has not returned, no 9014 goes out; once it has, the answer comes."""
    gate = threading.Event()
    synced: list[float] = []
    real_sync = SpoolWriter.sync

    def slow_sync(self):  # type: ignore[no-untyped-def]
        gate.wait(10)
        real_sync(self)
        synced.append(time.monotonic())

    monkeypatch.setattr(SpoolWriter, "sync", slow_sync)
    server = ingest_server()
    with connect(server) as sock:
        sock.sendall(frame())
        assert read_answers(sock, timeout=0.8) == []  # held back: not durable yet
        segments = list_segments(ingest_config.spool_dir)
        assert segments and segments[-1][1].stat().st_size > 0  # written, awaiting fsync
        gate.set()
        answers = read_answers(sock)
        answered = time.monotonic()
    assert len(answers) == 1 and synced and synced[0] <= answered


def test_unknown_mn_is_refused_logged_and_counted(dl, ingest_server, ingest_config, caplog):  # type: ignore[no-untyped-def]
    """ING-AUTH-1: an MN not registered gets 9011 QnRtn=4 (MN error), the connection is closed, nothing stored."""
    server = ingest_server()
    with caplog.at_level("WARNING", logger="ecopermit.ingest"), connect(server) as sock:
        sock.sendall(frame(mn="FFFFFFFFFFFFFFFFFFFFFFFF"))
        answers = read_answers(sock)
        assert is_closed(sock)
    assert answers[0].packet.header["CN"] == "9011" and answers[0].packet.cp == {"QnRtn": "4"}
    assert server.server.errors["unknown_mn"] == 1
    assert "FFFFFFFFFFFFFFFFFFFFFFFF" in caplog.text and "unknown_mn" in caplog.text
    wait_for(lambda: archive_lines(ingest_config))
    assert [v for _t, _p, v, _raw in archive_lines(ingest_config)] == ["unknown_mn"]
    time.sleep(0.2)
    assert Upload.objects.count() == 0


def test_wrong_password_is_refused(dl, ingest_server, caplog):  # type: ignore[no-untyped-def]
    """ING-AUTH-1: the right MN with a wrong PW gets 9011 QnRtn=3 (PW error); nothing stored."""
    server = ingest_server()
    with caplog.at_level("WARNING", logger="ecopermit.ingest"), connect(server) as sock:
        sock.sendall(frame(pw="654321"))
        answers = read_answers(sock)
        assert is_closed(sock)
    assert answers[0].packet.cp == {"QnRtn": "3"}
    assert server.server.errors["bad_password"] == 1 and "bad_password" in caplog.text
    time.sleep(0.2)
    assert Upload.objects.count() == 0


def test_repeated_refusals_block_the_address(dl, ingest_server):  # type: ignore[no-untyped-def]
    """ING-AUTH-1: after N refused logins the address is refused at connect for a while."""
    server = ingest_server(auth_block_after=2)
    for _ in range(2):
        with connect(server) as sock:
            sock.sendall(frame(pw="000000"))
            read_answers(sock)
    with connect(server) as sock:
        assert is_closed(sock)
    assert server.server.errors["blocked_address"] == 1


def test_duplicate_is_answered_twice_and_stored_once(dl, ingest_server):  # type: ignore[no-untyped-def]
    """ING-DUP-1: the same (MN, CN, DataTime) sent twice: two answers, one Upload, the readings once."""
    server = ingest_server()
    with connect(server) as sock:
        sock.sendall(frame(qn="20261128100000001"))
        assert len(read_answers(sock)) == 1
        sock.sendall(frame(qn="20261128100000002"))
        assert len(read_answers(sock)) == 1
    drained(server)
    assert Upload.objects.count() == 1
    assert Reading.objects.count() == 2
    assert server.server.writer.stats.duplicates == 1


def test_split_tcp_segments_and_coalesced_frames(dl, ingest_server):  # type: ignore[no-untyped-def]
    """A frame cut into several TCP writes, and two frames in one write, are framed correctly."""
    server = ingest_server()
    one = frame(data_time="20261128100000", qn="20261128100000001")
    two = frame(data_time="20261128100100", qn="20261128100100001")
    three = frame(data_time="20261128100200", qn="20261128100200001")
    with connect(server) as sock:
        for i in range(0, len(one), 7):
            sock.sendall(one[i : i + 7])
            time.sleep(0.002)
        sock.sendall(two.rstrip(b"\r\n") + three)
        answers = read_answers(sock, 3)
    assert [a.packet.header["QN"] for a in answers] == [
        "20261128100000001",
        "20261128100100001",
        "20261128100200001",
    ]
    drained(server)
    assert Upload.objects.count() == 3


def test_dropped_connection_mid_frame_leaves_no_half_record(dl, ingest_server, ingest_config):  # type: ignore[no-untyped-def]
    """A connection that dies in the middle of a frame: no Upload, no Reading, the cut is archived as truncated."""
    server = ingest_server()
    whole = frame()
    with connect(server) as sock:
        sock.sendall(whole[: len(whole) // 2])
        time.sleep(0.1)
    wait_for(lambda: server.server.errors.get("truncated"))
    time.sleep(0.2)
    assert Upload.objects.count() == 0 and Reading.objects.count() == 0
    assert [v for _t, _p, v, _raw in archive_lines(ingest_config)] == ["truncated"]


def test_silent_connection_closed_while_another_keeps_working(dl, ingest_server):  # type: ignore[no-untyped-def]
    """ING-SLOW-1: a connection that sends nothing is closed after the idle timeout; a half-sent frame after
    the frame deadline; a working dl on another connection is answered all along."""
    server = ingest_server(idle_timeout=0.6, frame_deadline=0.6)
    silent = connect(server)
    trickle = connect(server)
    trickle.sendall(frame()[:20])
    with connect(server) as good:
        for minute in range(4):
            good.sendall(frame(data_time=f"2026112810{minute:02d}00", qn=f"202611281000000{minute}0"))
            assert len(read_answers(good)) == 1
            time.sleep(0.3)
        assert is_closed(silent, timeout=3) and is_closed(trickle, timeout=3)
        good.sendall(frame(data_time="20261128105900"))
        assert len(read_answers(good)) == 1
    silent.close()
    trickle.close()
    assert server.server.errors["idle_timeout"] >= 1 and server.server.errors["frame_deadline"] >= 1


def test_oversize_frame_is_refused(dl, ingest_server):  # type: ignore[no-untyped-def]
    """ING-FRAME-2: a declared length over the limit closes the connection without reading the body."""
    server = ingest_server(max_data_length=1024)
    with connect(server) as sock:
        sock.sendall(b"##5000" + b"A" * 2000)
        assert is_closed(sock)
    assert server.server.errors["frame_too_large"] == 1
    with connect(server) as sock:  # the server still serves others
        sock.sendall(frame())
        assert len(read_answers(sock)) == 1


def test_bad_crc_is_not_answered_nor_stored(dl, ingest_server, ingest_config):  # type: ignore[no-untyped-def]
    """ING-CRC-1: a frame whose CRC does not match gets no answer and is not stored; it is archived."""
    server = ingest_server()
    good = frame()
    bad = good[:-6] + (b"0000" if good[-6:-2] != b"0000" else b"1111") + b"\r\n"
    with connect(server) as sock:
        sock.sendall(bad)
        assert read_answers(sock, timeout=0.6) == []
    assert server.server.errors["crc_mismatch"] == 1
    assert [v for _t, _p, v, raw in archive_lines(ingest_config)] == ["crc_mismatch"]
    assert archive_lines(ingest_config)[0][3] == bad.rstrip(b"\r\n")


def test_upload_without_datatime_is_refused(dl, ingest_server):  # type: ignore[no-untyped-def]
    """ING-SEM-1: a data upload without DataTime is refused (no server time is ever invented)."""
    from ecopermit.monitoring.hj212 import encode

    server = ingest_server()
    raw = encode({"QN": "20261128100000123", "ST": "32", "CN": "2051", "PW": "123456", "MN": MN, "Flag": "5"},
                 {"w01018-Avg": "1.0"})  # fmt: skip
    with connect(server) as sock:
        sock.sendall(raw)
        assert read_answers(sock, timeout=0.6) == []
    assert server.server.errors["no_datatime"] == 1


def test_split_packet_parts_are_answered_and_reassembled(dl, ingest_server):  # type: ignore[no-untyped-def]
    """Split packets (Flag D, PNUM/PNO): each part answered with its own QN; one Upload with all readings."""
    from ecopermit.monitoring.hj212 import encode_split

    server = ingest_server()
    cp = {"DataTime": "20261128100000"}
    for i in range(40):
        cp[f"w{20000 + i:05d}-Avg"] = "1.5"
        cp[f"w{20000 + i:05d}-Flag"] = "N"
    header = {"QN": "20261128100000100", "ST": "32", "CN": "2061", "PW": "123456", "MN": MN, "Flag": "5"}
    parts = encode_split(header, cp, max_data=600)
    assert len(parts) > 1
    with connect(server) as sock:
        for part in parts:
            sock.sendall(part)
        answers = read_answers(sock, len(parts))
    assert len({a.packet.header["QN"] for a in answers}) == len(parts)
    drained(server)
    upload = Upload.objects.get()
    assert upload.raw.count("\n") == len(parts) - 1
    assert Reading.objects.filter(kind="hour").count() == 40


def test_sigterm_style_stop_answers_and_drains(dl, ingest_server):  # type: ignore[no-untyped-def]
    """A clean stop: stop accepting, what was spooled is stored, the status file says not running."""
    from ecopermit.monitoring.ingest import status

    server = ingest_server()
    with connect(server) as sock:
        sock.sendall(frame())
        assert len(read_answers(sock)) == 1
    server.stop()
    assert Upload.objects.count() == 1
    snap = status.read(server.server.config.status_file)
    assert snap is not None and snap["running"] is False
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).recv(1)


def test_refused_logins_become_audit_events_one_per_address_mn_and_reason(dl, ingest_server):  # type: ignore[no-untyped-def]
    """等保 DJB-AUD-1 ("auth failures on the ingest port"): refusals are counted per (address, MN, reason)
    and written as one failure event each per interval, so a flood adds a handful of rows, not thousands."""
    from ecopermit.core.audit.models import AuditEvent

    server = ingest_server(refusal_audit_interval=0.3)
    for _ in range(3):
        with connect(server) as sock:
            sock.sendall(frame(pw="654321"))
            read_answers(sock)
    with connect(server) as sock:
        sock.sendall(frame(mn="FFFFFFFFFFFFFFFFFFFFFFFF"))
        read_answers(sock)
    wait_for(lambda: AuditEvent.objects.filter(action="ingest.login_refused").count() >= 2)
    events = {e.extra["reason"]: e for e in AuditEvent.objects.filter(action="ingest.login_refused")}
    assert set(events) == {"bad_password", "unknown_mn"}
    assert events["bad_password"].extra["count"] == 3 and events["bad_password"].object_id == MN
    assert events["bad_password"].outcome == "failure" and events["bad_password"].ip == "127.0.0.1"
    assert events["unknown_mn"].extra["count"] == 1
