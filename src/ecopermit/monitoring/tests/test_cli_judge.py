"""``ecopermit monitoring judge --limits FILE`` (issue 10): real encoded 2061 packets in, one verdict per hour
and limit out; converted values, O2 conversion, over range, missing hours, bad input. No database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ecopermit.monitoring.hj212 import encode

HEADER = {
    "QN": "20261102080000000",
    "ST": "31",
    "CN": "2061",
    "PW": "123456",
    "MN": "88888880000001",
    "Flag": "4",
}
SO2_ZS = {"pollutant": "a21026", "statistic": "hourly", "max": 50, "converted": True, "reference_o2": 3.5}
DUST = {"pollutant": "a34013", "statistic": "hourly", "max": 20}
KEYS = {"time", "pollutant", "verdict", "value", "basis", "limit", "flag"}


def packet(when: str, cp: dict[str, str], cn: str = "2061") -> bytes:
    return encode({**HEADER, "CN": cn}, {"DataTime": when, **cp})


def judge(monkeypatch, tmp_path: Path, limits: object, *packets: bytes) -> list[dict]:  # type: ignore[no-untyped-def]
    path = tmp_path / "limits.json"
    path.write_text(json.dumps(limits), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"".join(packets))))
    out = io.StringIO()
    call_command("monitoring", "judge", "--limits", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_converted_limit_uses_the_loggers_zsavg(monkeypatch, tmp_path):
    out = judge(
        monkeypatch,
        tmp_path,
        [SO2_ZS],
        packet(
            "20261102080000",
            {"a21026-Avg": "40", "a21026-ZsAvg": "66", "a21026-Flag": "N", "a19001-Avg": "3"},
        ),
    )
    assert out == [
        {
            "time": "2026-11-02T08:00:00+08:00",
            "pollutant": "a21026",
            "verdict": "exceedance",
            "value": 66,
            "basis": "converted",
            "limit": 50,
            "flag": "N",
        }
    ]


def test_converted_from_measured_and_o2_when_no_zsavg(monkeypatch, tmp_path):
    """GB 13271-2014 §5.2: 40 × (21 − 3.5) / (21 − 10.5) = 66.6667 > 50, though 40 measured is not."""
    cp = {"a21026-Avg": "40", "a21026-Flag": "N", "a19001-Avg": "10.5", "a19001-Flag": "N"}
    measured = {"pollutant": "a21026", "statistic": "hourly", "max": 50}
    conv, meas = judge(monkeypatch, tmp_path, [SO2_ZS, measured], packet("20261102080000", cp))
    assert (conv["verdict"], conv["value"], conv["basis"]) == ("exceedance", 66.6667, "converted")
    assert (meas["verdict"], meas["value"], meas["basis"]) == ("ok", 40, "measured")


@pytest.mark.parametrize(
    ("o2", "reason"),
    [
        ({}, "o2_missing"),
        ({"a19001-Avg": "21"}, "o2_out_of_range"),
        ({"a19001-Avg": "9", "a19001-Flag": "D"}, "o2_flagged"),
    ],
)
def test_no_usable_o2_is_abnormal(monkeypatch, tmp_path, o2, reason):
    cp = {"a21026-Avg": "80", "a21026-Flag": "N", **o2}
    (out,) = judge(monkeypatch, tmp_path, [SO2_ZS], packet("20261102080000", cp))
    assert (out["verdict"], out["value"], out["reason"]) == ("abnormal", None, reason)


def test_over_range_counts_and_abnormal_flags_and_missing_hours(monkeypatch, tmp_path):
    out = judge(
        monkeypatch,
        tmp_path,
        [DUST],
        packet("20261102080000", {"a34013-Avg": "25", "a34013-Flag": "T"}),
        packet("20261102090000", {"a34013-Avg": "15", "a34013-Flag": "T"}),
        packet("20261102100000", {"a34013-Avg": "90", "a34013-Flag": "D"}),
        packet("20261102130000", {"a34013-Avg": "12", "a34013-Flag": "N"}),  # 11:00 and 12:00 never came
        packet("20261102140000", {"a21026-Avg": "12", "a21026-Flag": "N"}),  # dust not in the packet
    )
    assert all(set(o) >= KEYS for o in out)
    assert [(o["time"][11:16], o["verdict"], o["flag"]) for o in out] == [
        ("08:00", "exceedance", "T"),  # at least 25 > 20
        ("09:00", "abnormal", "T"),  # at least 15: neither compliance nor exceedance shown
        ("10:00", "abnormal", "D"),
        ("11:00", "missing", None),
        ("12:00", "missing", None),
        ("13:00", "ok", "N"),
        ("14:00", "missing", None),
    ]
    assert out[1]["reason"] == "over_range_within_limit" and out[0]["value"] == 25


def test_2005_codes_are_judged_under_their_2017_code(monkeypatch, tmp_path):
    (out,) = judge(monkeypatch, tmp_path, [DUST], packet("20261102080000", {"01-Avg": "30", "01-Flag": "N"}))
    assert (out["pollutant"], out["verdict"]) == ("a34013", "exceedance")


def _error(monkeypatch, tmp_path, limits, *packets) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as exc:
        judge(monkeypatch, tmp_path, limits, *packets)
    assert exc.value.returncode == 2
    return str(exc.value)


def test_bad_packet_names_line_and_byte_offset_and_prints_nothing(monkeypatch, tmp_path, capsys):
    good = packet("20261102080000", {"a34013-Avg": "12", "a34013-Flag": "N"})
    bad = bytearray(packet("20261102090000", {"a34013-Avg": "12"}))
    bad[-8] = ord("0") if bad[-8] != ord("0") else ord("1")  # one digit of the CRC
    message = _error(monkeypatch, tmp_path, [DUST], good, b"\n", bytes(bad))
    assert message.startswith(f"line 3 (byte offset {len(good) + 1}): not a valid HJ 212 packet")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("packets", "words"),
    [
        ((packet("20261102080000", {"a34013-Avg": "1"}, cn="2051"),), "line 1 (byte offset 0): CN=2051"),
        ((encode(HEADER, {"a34013-Avg": "1"}),), "no valid DataTime"),
        ((packet("20261102083000", {"a34013-Avg": "1"}),), "not the start of an hour"),
        (
            (packet("20261102080000", {"a34013-Avg": "1"}), packet("20261102080000", {"a34013-Avg": "2"})),
            "repeats line 1",
        ),
    ],
)
def test_packets_that_cannot_be_judged(monkeypatch, tmp_path, packets, words):
    assert words in _error(monkeypatch, tmp_path, [DUST], *packets)


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        ({"pollutant": "a21026"}, "non-empty JSON list"),
        ([{"pollutant": "a21026", "statistic": "daily", "max": 1}], "limit 1: 'statistic'"),
        ([DUST, {"pollutant": "a21026", "max": 50, "converted": True}], "limit 2: a converted limit needs"),
        ([{"pollutant": "a21026", "max": 50, "reference_o2": 3.5}], "only for a converted limit"),
        ([{"pollutant": "a21026", "max": "x"}], "'max' must be a number"),
        ([{"pollutant": "a21026", "max": 0}], "positive"),
        ([{"pollutant": "a21026", "max": 50, "converted": True, "reference_o2": 21}], "reference O2"),
        ([{"pollutant": "a21026", "max": 50, "maxi": 3}], "unknown field"),
    ],
)
def test_bad_limits_are_refused_naming_the_limit(monkeypatch, tmp_path, limits, words):
    assert words in _error(monkeypatch, tmp_path, limits, packet("20261102080000", {"a34013-Avg": "1"}))


def test_command_runs_without_a_database(tmp_path):
    """The installed CLI, with a database URL nobody answers: the judgement must not need one."""
    limits = tmp_path / "limits.json"
    limits.write_text(json.dumps([SO2_ZS]), encoding="utf-8")
    stdin = packet("20261102080000", {"a21026-Avg": "40", "a21026-Flag": "N", "a19001-Avg": "10.5"})
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    exe = Path(sys.executable).with_name("ecopermit")
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(exe), "monitoring", "judge", "--limits", str(limits)],
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "exceedance"
    bad = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(exe), "monitoring", "judge", "--limits", str(limits)],
        input=b"junk\n",
        capture_output=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and b"line 1 (byte offset 0)" in bad.stderr and bad.stdout == b""
