"""The scoring rules, as data and pure functions (no database): every rule of both scheme files, the band edges,
the veto, the period's edges, good-record items, repair, and the loader's errors."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from ecopermit.credit import scheme_files
from ecopermit.credit.scoring import Event, SchemeError, add_months, evaluate, parse_scheme
from ecopermit.credit.vocab import EventKind

D = dt.date
Y = (D(2025, 1, 1), D(2025, 12, 31))
NATIONAL = scheme_files.load("national_2013")
POINTS = scheme_files.load("tonglu_points")


MIDYEAR = D(2025, 6, 1)


def ev(n: int, kind: str, on: dt.date = MIDYEAR, amount: str | None = None) -> Event:
    return Event(n, kind, on, Decimal(amount) if amount is not None else None)


def test_every_scheme_file_loads_and_every_rule_carries_its_source():
    assert scheme_files.scheme_ids() == ["national_2013", "tonglu_points"]
    for sid in scheme_files.scheme_ids():
        s = scheme_files.load(sid)
        assert s.rules and s.repair.source
        assert all(r.text and r.source for r in (*s.rules, *s.good))
        assert [lv.code for lv in s.levels] == ["green", "blue", "yellow", "red"]
        raw = scheme_files.raw(sid)
        assert raw["_disputed"] and raw["_sources"]  # where sources disagree, the file says so


def test_the_national_file_names_both_cut_offs_and_its_choice():
    disputed = scheme_files.raw("national_2013")["_disputed"]
    assert (
        "广州" in disputed
        and "安庆" in disputed
        and "95/80/60" in disputed
        and "本文件采用广州口径" in disputed
    )


@pytest.mark.parametrize("scheme", [NATIONAL, POINTS], ids=lambda s: s.id)
def test_every_rule_deducts_its_points_for_one_event(scheme):
    for rule in scheme.rules:
        amount = "1000" if rule.amount_bands else None
        result = evaluate(scheme, [ev(1, rule.kind, amount=amount)], *Y)
        (line,) = [x for x in result.lines if not x.good]
        assert line.rule == rule.id and line.event_ids == (1,) and line.source == rule.source
        if rule.veto:
            assert line.veto and result.veto and result.level == "red"
            continue
        expected = (
            rule.amount_bands[0].points
            if rule.amount_bands
            else (rule.count_bands[0].points if rule.mode == "count" else rule.points)
        )
        assert line.points == -expected
        assert result.score == scheme.full_score - expected


NATIONAL_EXPECTED = {  # kind → (points for one event, the level it leaves)
    "penalty": (5, "blue"),
    "daily_penalty": (15, "blue"),
    "fraud": (20, "blue"),
    "commitment_broken": (5, "blue"),
    "rectification_overdue": (5, "blue"),
    "exceedance": (5, "blue"),
    "abnormal_data": (2, "blue"),
    "report_missing": (2, "blue"),
    "complaint_upheld": (2, "blue"),
}


@pytest.mark.parametrize("kind", sorted(NATIONAL_EXPECTED))
def test_national_points_per_kind(kind):
    points, level = NATIONAL_EXPECTED[kind]
    r = evaluate(NATIONAL, [ev(1, kind, amount="100")], *Y)
    assert r.score == 100 - points and r.level == level


def test_national_penalty_amount_band_edge_at_fifty_thousand_yuan_and_cap():
    assert evaluate(NATIONAL, [ev(1, "penalty", amount="49999.99")], *Y).score == 95
    assert evaluate(NATIONAL, [ev(1, "penalty", amount="50000")], *Y).score == 90
    capped = evaluate(NATIONAL, [ev(n, "penalty", amount="60000") for n in (1, 2, 3)], *Y)
    assert capped.score == 85  # 10 + 5 (cap 15) + 0
    assert [x.points for x in capped.deductions] == [Decimal(-10), Decimal(-5)]


@pytest.mark.parametrize(("count", "points"), [(0, 0), (1, 5), (3, 5), (4, 10), (9, 10), (10, 15), (30, 15)])
def test_national_exceedances_counted_over_the_year(count, points):
    r = evaluate(NATIONAL, [ev(n, "exceedance") for n in range(count)], *Y)
    assert r.score == 100 - points
    if count:
        (line,) = r.deductions
        assert line.event_ids == tuple(range(count)) and line.points == -points


@pytest.mark.parametrize(("count", "points"), [(1, 2), (4, 2), (5, 5), (9, 5)])
def test_national_abnormal_data_counted(count, points):
    assert evaluate(NATIONAL, [ev(n, "abnormal_data") for n in range(count)], *Y).score == 100 - points


@pytest.mark.parametrize(
    ("kinds", "score", "level"),
    [
        ((), 100, "blue"),
        (("fraud",), 80, "blue"),
        (("daily_penalty", "report_missing", "report_missing", "report_missing"), 79, "yellow"),
        (("fraud", "daily_penalty", "commitment_broken"), 60, "yellow"),
        (("fraud", "daily_penalty", "report_missing", "report_missing", "report_missing"), 59, "red"),
    ],
)
def test_national_band_edges(kinds, score, level):
    """80 is still 良好, 79 is 警示; 60 is still 警示, 59 is 不良 (Guangzhou's cut-offs)."""
    r = evaluate(NATIONAL, [ev(n, k) for n, k in enumerate(kinds)], D(2025, 1, 1), D(2025, 6, 30))
    assert (r.score, r.level) == (score, level)


def test_national_green_needs_full_score_and_two_good_items():
    clean = evaluate(NATIONAL, [], *Y)
    assert clean.good_items == 1 and clean.level == "blue"  # a whole clean year is one good item …
    r = evaluate(NATIONAL, [], D(2025, 1, 1), D(2025, 6, 30))
    assert r.level == "blue" and r.good_items == 0  # … only for a whole year
    one = evaluate(NATIONAL, [ev(1, "exceedance"), ev(2, "good_inspection"), ev(3, "good_rectification")], *Y)
    assert one.good_items == 2 and one.score == 95 and one.level == "blue"
    assert evaluate(NATIONAL, [ev(2, "good_inspection")], *Y).level == "green"  # clean year + inspection
    spoiled = evaluate(
        NATIONAL, [ev(1, "abnormal_data"), ev(2, "good_inspection"), ev(3, "good_inspection")], *Y
    )
    assert spoiled.good_items == 2 and spoiled.level == "blue"  # 98 < 100


def test_good_items_never_lift_the_score_above_full():
    r = evaluate(POINTS, [ev(n, "good_inspection") for n in range(5)], *Y)
    assert r.score == 12 and r.level == "green"
    back = evaluate(POINTS, [ev(1, "penalty", amount="1"), ev(2, "good_inspection")], *Y)
    assert back.score == 10 and back.level == "blue"


def test_veto_puts_the_facility_last_whatever_its_score():
    r = evaluate(NATIONAL, [ev(1, "police_transfer"), ev(2, "good_inspection")], *Y)
    assert r.veto and r.level == "red" and r.score == 100
    assert NATIONAL.is_serious("police_transfer") and NATIONAL.is_serious("fraud")
    assert not NATIONAL.is_serious("penalty") and POINTS.is_serious("daily_penalty")


@pytest.mark.parametrize(
    ("points_lost", "level"),
    [(0, "green"), (1, "blue"), (4, "blue"), (5, "yellow"), (11, "yellow"), (12, "red")],
)
def test_points_scheme_mapping(points_lost, level):
    """12 → green, 8–11 → blue, 1–7 → yellow, 0 → red (the district's mapping)."""
    events = [ev(n, "complaint_upheld") for n in range(points_lost)]  # 1 point each
    r = evaluate(POINTS, events, *Y)
    assert r.score == 12 - points_lost and r.level == level


def test_points_scheme_penalty_band_caps_and_floor():
    assert evaluate(POINTS, [ev(1, "penalty", amount="99999")], *Y).score == 9
    assert evaluate(POINTS, [ev(1, "penalty", amount="100000")], *Y).score == 6
    assert evaluate(POINTS, [ev(n, "exceedance") for n in range(10)], *Y).score == 6  # cap 6
    assert evaluate(POINTS, [ev(n, "abnormal_data") for n in range(10)], *Y).score == 9  # cap 3
    r = evaluate(POINTS, [ev(1, "fraud"), ev(2, "daily_penalty")], *Y)
    assert r.score == 0 and r.level == "red"  # never below zero


def test_period_edges_are_inclusive_and_outside_events_ignored():
    inside = [ev(1, "penalty", D(2025, 1, 1), "1"), ev(2, "penalty", D(2025, 12, 31), "1")]
    outside = [ev(3, "penalty", D(2024, 12, 31), "1"), ev(4, "penalty", D(2026, 1, 1), "1")]
    r = evaluate(NATIONAL, inside + outside, *Y)
    assert {i for x in r.deductions for i in x.event_ids} == {1, 2} and r.score == 90
    with pytest.raises(ValueError):
        evaluate(NATIONAL, [], D(2025, 2, 1), D(2025, 1, 31))


def test_repair_after_rectification_and_a_clean_period():
    last = D(2025, 3, 31)
    r = evaluate(NATIONAL, [ev(1, "exceedance", last)], *Y, today=D(2026, 3, 30))
    assert r.repair is not None and r.repair.needed and r.repair.needs_rectification
    assert r.repair.eligible_on == D(2026, 3, 31) and not r.repair.ready  # not rectified, not yet 12 months
    fixed = evaluate(
        NATIONAL,
        [ev(1, "exceedance", last)],
        *Y,
        today=D(2026, 3, 31),
        later=[ev(2, "good_rectification", D(2026, 1, 5))],
    )
    assert fixed.repair is not None and fixed.repair.rectified and fixed.repair.ready
    penalty_only = evaluate(NATIONAL, [ev(1, "penalty", D(2025, 8, 31), "1")], *Y, today=D(2026, 8, 31))
    assert penalty_only.repair is not None and not penalty_only.repair.needs_rectification
    assert penalty_only.repair.ready and penalty_only.repair.eligible_on == D(2026, 8, 31)
    veto = evaluate(NATIONAL, [ev(1, "police_transfer", last)], *Y)
    assert veto.repair is not None and veto.repair.eligible_on == D(2027, 3, 31)  # 24 months
    assert not evaluate(NATIONAL, [ev(1, "good_inspection")], *Y).repair.needed  # type: ignore[union-attr]
    points = evaluate(POINTS, [ev(1, "rectification_overdue", D(2025, 8, 31))], *Y)
    assert points.repair is not None and points.repair.eligible_on == D(2026, 2, 28)  # 6 months, month end


def test_add_months_keeps_month_ends():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 15), 2) == D(2026, 1, 15)


def test_explanation_lines_serialise_with_their_rule_text_source_and_event():
    r = evaluate(NATIONAL, [ev(7, "penalty", amount="60000")], *Y)
    (line,) = [x.as_json() for x in r.deductions]
    assert line["rule"] == "N-P1" and line["points"] == "-10" and line["event_id"] == 7
    assert "环发〔2013〕150号" in line["source"] and line["text"]


# ---- the loader: a wrong file names the file and the key ----------------------------------------------------------


def _good() -> dict:
    return json.loads((scheme_files.SCHEME_DIR / "tonglu_points.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("full_score"), "full_score"),
        (lambda d: d.update(full_score="x"), "full_score"),
        (lambda d: d["rules"][0].update(kind="nonsense"), "rules[0].kind"),
        (lambda d: d["rules"][1].pop("source"), "rules[1].source"),
        (lambda d: d["rules"][1].update(text=" "), "rules[1].text"),
        (lambda d: d["rules"][2].pop("points"), "rules[2].points"),
        (lambda d: d["rules"][2].update(points=-1), "rules[2].points"),
        (lambda d: d["rules"][1]["amount_bands"].reverse(), "rules[1].amount_bands"),
        (lambda d: d["rules"][3].update(id=d["rules"][2]["id"]), "rules[3].id"),
        (lambda d: d["rules"][3].update(mode="sum"), "rules[3].mode"),
        (lambda d: d["levels"][0].update(level="purple"), "levels[0].level"),
        (lambda d: d["levels"].reverse(), "levels"),
        (lambda d: d["levels"][3].update(min_score=1), "levels"),
        (lambda d: d["levels"][1].update(min_good=-1), "levels[1].min_good"),
        (lambda d: d["repair"].pop("clean_months"), "repair.clean_months"),
        (lambda d: d["repair"].update(rectify_kinds=["x"]), "repair.rectify_kinds"),
        (lambda d: d.update(serious_kinds=["x"]), "serious_kinds"),
        (lambda d: d["good"][0].update(kind="clean_year"), "good[0].unless_kinds"),
    ],
)
def test_a_wrong_scheme_names_the_file_and_the_key(change, key):
    data = _good()
    change(data)
    with pytest.raises(SchemeError) as exc:
        parse_scheme(data, "tonglu_points.json", EventKind.values)
    assert exc.value.name == "tonglu_points.json" and exc.value.key == key
    assert str(exc.value).startswith(f"tonglu_points.json: {key}: ")


def test_a_file_that_is_not_json_or_misnamed_is_refused(tmp_path: Path):
    bad = tmp_path / "broken.json"
    bad.write_text("{ nope", encoding="utf-8")
    with pytest.raises(SchemeError, match=r"^broken\.json: line 1: not JSON"):
        scheme_files.load_path(bad)
    renamed = tmp_path / "other.json"
    renamed.write_text(json.dumps(_good()), encoding="utf-8")
    with pytest.raises(SchemeError, match=r"^other\.json: id: "):
        scheme_files.load_path(renamed)
    with pytest.raises(SchemeError, match="no such scheme file"):
        scheme_files.load("missing")
