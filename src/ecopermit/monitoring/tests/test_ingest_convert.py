"""Frames → readings (issue 5 "Readings"; M1): kinds by CN, 2005 codes mapped, converted values, equipment."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ecopermit.monitoring.ingest.convert import parse_data_time, readings

WHEN = datetime(2026, 11, 28, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def _by_pollutant(cn: str, cp: dict[str, str]):  # type: ignore[no-untyped-def]
    rows, skipped = readings(7, cn, WHEN, cp)
    assert not skipped
    return {r.pollutant: r for r in rows}


def test_kind_follows_the_command():
    """2011 → rtd (value = Rtd), 2051 → min, 2061 → hour, 2031 → day (value = Avg)."""
    assert _by_pollutant("2011", {"w01018-Rtd": "35.2", "w01018-Flag": "N"})["w01018"].kind == "rtd"
    for cn, kind in (("2051", "min"), ("2061", "hour"), ("2031", "day")):
        row = _by_pollutant(cn, {"w01018-Avg": "35.2", "w01018-Min": "30", "w01018-Max": "40", "w01018-Cou": "12.5",
                                 "w01018-Flag": "D"})["w01018"]  # fmt: skip
        assert (row.kind, row.value, row.minimum, row.maximum, row.cou, row.flag) == (
            kind,
            35.2,
            30.0,
            40.0,
            12.5,
            "D",
        )


def test_2005_codes_are_mapped_to_2017():
    """HJ/T 212-2005 code 011 (COD) is stored as w01018; B01 (flow) as w00000 [notes §5]."""
    rows = _by_pollutant("2061", {"011-Avg": "20", "B01-Avg": "3.5", "B01-Cou": "12600"})
    assert set(rows) == {"w01018", "w00000"} and rows["w00000"].cou == 12600.0


def test_converted_values_are_their_own_reading():
    """折算 values (ZsAvg…) go to '<code>-Zs': flue-gas limits apply to converted concentrations."""
    rows = _by_pollutant(
        "2061", {"a21026-Avg": "30", "a21026-ZsAvg": "41.5", "a21026-ZsMax": "50", "a21026-Flag": "N"}
    )
    assert rows["a21026"].value == 30.0
    assert (rows["a21026-Zs"].value, rows["a21026-Zs"].maximum, rows["a21026-Zs"].flag) == (41.5, 50.0, "N")


def test_equipment_fields_are_stored_as_sent():
    """SBxxx-RS / SBxxx-RT: the field name as sent is the pollutant, the number the value."""
    rows = _by_pollutant("2021", {"SB1-RS": "1", "SB2-RS": "0"})
    assert (rows["SB1-RS"].value, rows["SB2-RS"].value, rows["SB1-RS"].kind) == (1.0, 0.0, "rtd")
    assert _by_pollutant("2041", {"SB1-RT": "23.5"})["SB1-RT"].kind == "day"


def test_bad_numbers_and_non_value_fields():
    """An unparseable value is stored empty (its flag kept); -Info/-SN alone give no reading."""
    rows = _by_pollutant(
        "2051", {"w01018-Avg": "abc", "w01018-Flag": "B", "i12001-Info": "1", "w01001-Avg": "nan"}
    )
    assert rows["w01018"].value is None and rows["w01018"].flag == "B"
    assert rows["w01001"].value is None
    assert "i12001" not in rows


def test_too_long_codes_are_skipped_and_reported():
    rows, skipped = readings(7, "2051", WHEN, {"SB1234567-RS": "1", "w01018-Avg": "1"})
    assert [r.pollutant for r in rows] == ["w01018"] and skipped == ["SB1234567-RS"]


def test_datatime_is_beijing_time():
    assert parse_data_time("20261128100000") == WHEN
    assert parse_data_time("20261128100000123") == WHEN  # milliseconds tolerated
    assert parse_data_time("2026112810") is None and parse_data_time("20261332100000") is None
