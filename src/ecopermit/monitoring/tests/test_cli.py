"""`ecopermit hj212 decode [--lines]` and `ecopermit hj212 encode`: the JSON names other tools rely on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ecopermit.monitoring.tests import vectors

FIELDS = {"crc_ok", "length_ok", "oversize", "error", "warnings", "header", "cp"}  # fixed by the issue


def run(monkeypatch, stdin: bytes, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    out = io.StringIO()
    call_command("hj212", *args, stdout=out)
    return out.getvalue()


def objects(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_decode_lines_prints_the_issue_field_names(monkeypatch):
    lines = [vectors.OFFICIAL, vectors.HJT212_PARSER, b"garbage line", vectors.RESTART_STALE]
    stdin = b"\n".join(line.rstrip() for line in lines) + b"\n"
    [official, old, junk, stale] = objects(run(monkeypatch, stdin, "decode", "--lines"))
    for obj in (official, old, junk, stale):
        assert set(obj) >= FIELDS
    assert official == {
        "crc_ok": True,
        "length_ok": True,
        "oversize": False,
        "error": None,
        "warnings": [],
        "header": {
            "QN": "20160801085857223",
            "ST": "32",
            "CN": "1062",
            "PW": "100000",
            "MN": "010000A8900016F000169DC0",
            "Flag": "5",
        },
        "cp": {"RtdInterval": "30"},
        "version": "2017",
        "line": 1,
    }
    assert old["header"] == {
        "ST": "32",
        "CN": "2011",
        "PW": "123456",
        "MN": "LD130133000015",
    }  # only keys present
    assert old["cp"]["DataTime"] == "20160824003817000"  # values as on the wire
    assert all(w.split(": ", 1)[0] in {"missing_qn", "datatime_format"} for w in old["warnings"])
    assert junk["error"].startswith("not_a_packet: ") and junk["header"] == {} and junk["line"] == 3
    assert (stale["crc_ok"], stale["length_ok"], stale["error"].split(":")[0]) == (
        False,
        False,
        "length_mismatch",
    )


def test_decode_lines_skips_blank_lines_and_keeps_line_numbers(monkeypatch):
    result = objects(
        run(monkeypatch, b"\r\n" + vectors.OFFICIAL + b"\n   \n" + vectors.OFFICIAL, "decode", "--lines")
    )
    assert [o["line"] for o in result] == [2, 5]


def test_decode_stream_reports_frames_and_rejections_with_offsets(monkeypatch):
    stream = b"xx" + vectors.OFFICIAL.rstrip() + vectors.SPLIT_PART + b"##zzzz"
    result = objects(run(monkeypatch, stream, "decode"))
    assert [(o["offset"], o["error"] and o["error"].split(":")[0]) for o in result] == [
        (0, "garbage"),
        (2, None),
        (113, None),
        (113 + len(vectors.SPLIT_PART), "bad_length_field"),
    ]
    assert result[0]["length"] == 2
    assert result[2]["header"]["PNO"] == "1" and result[2]["cp"]["a21005-Flag"] == "B"
    assert all(set(o) >= FIELDS for o in result)


def test_repeated_key_keeps_its_last_value(monkeypatch):
    data = b"ST=32;CN=2011;PW=1;MN=LD130133000015;CP=&&DataTime=20240301100000;011-Rtd=1;011-Rtd=2&&"
    from ecopermit.monitoring.hj212.crc import crc_hex

    raw = b"##%04d%s%s" % (len(data), data, crc_hex(data).encode())
    [obj] = objects(run(monkeypatch, raw, "decode", "--lines"))
    assert obj["cp"]["011-Rtd"] == "2"
    assert any(w.startswith("cp_duplicate_key: ") for w in obj["warnings"])


def test_encode_reverses_decode(monkeypatch):
    decoded = run(monkeypatch, vectors.OFFICIAL + vectors.SPLIT_PART + b"junk", "decode")
    encoded = run(monkeypatch, decoded.encode(), "encode")  # the rejection ("junk") is skipped
    assert encoded.encode() == vectors.OFFICIAL + vectors.SPLIT_PART + b"\r\n"


def test_encode_accepts_a_json_list(monkeypatch):
    doc = json.dumps(
        [{"header": {"QN": "20160801085857223", "ST": "32"}, "cp": {"DataTime": "20240301100000"}}]
    )
    out = run(monkeypatch, doc.encode(), "encode")
    assert out.endswith("\r\n") and out.startswith("##")
    assert objects(run(monkeypatch, out.encode(), "decode", "--lines"))[0]["crc_ok"] is True


def test_encode_refuses_bad_input(monkeypatch):
    with pytest.raises(CommandError, match="line 2: encode_bad_text"):
        run(monkeypatch, b'{"header": {"QN": "1"}}\n{"header": {"QN": "a;b"}}\n', "encode")
    with pytest.raises(CommandError, match="must be a string"):
        run(monkeypatch, b'{"header": {"QN": 1.5}}', "encode")
    with pytest.raises(CommandError, match="not JSON"):
        run(monkeypatch, b'{"header": {}}\nnope\n', "encode")


def test_console_script_reads_binary_stdin_and_writes_utf8():
    """The real `ecopermit` entry point, with Chinese text and a non-UTF-8 byte in the stream."""
    from ecopermit.monitoring.hj212 import encode

    packet = encode({"ST": "32", "CN": "3020", "MN": "LD130133000015"}, {"i11001-Info": "//设备正常//"})
    ecopermit = Path(sys.executable).with_name("ecopermit")
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(ecopermit), "hj212", "decode"],
        input=b"\xff" + packet,
        capture_output=True,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "LANG": "C",
            "DJANGO_SETTINGS_MODULE": "ecopermit.config.settings.test",
        },
    )
    [garbage, frame] = objects(done.stdout.decode("utf-8"))
    assert garbage["offset"] == 0 and garbage["error"].startswith("garbage")
    assert frame["cp"]["i11001-Info"] == "//设备正常//" and frame["crc_ok"] is True
