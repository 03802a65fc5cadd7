"""The pure rules of complaints, at their edges (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.complaints import rules

D = dt.date(2026, 3, 1)


def test_acknowledgement_is_due_15_days_after_receipt():
    assert rules.ack_due(D) == dt.date(2026, 3, 16)
    # calendar days across a month end and a year end
    assert rules.ack_due(dt.date(2026, 12, 20)) == dt.date(2027, 1, 4)


def test_handling_is_due_60_days_after_acceptance_90_when_extended():
    assert rules.handle_due(D) == dt.date(2026, 4, 30)
    assert rules.handle_due(D, extended=True) == dt.date(2026, 5, 30)


@pytest.mark.parametrize(
    ("accepted", "extended", "today", "expected"),
    [
        (None, False, D, False),  # not accepted
        (D, True, D, False),  # once only
        (D, False, dt.date(2026, 4, 30), True),  # on the last day
        (D, False, dt.date(2026, 5, 1), False),  # after the deadline
        (D, False, D, True),
    ],
)
def test_extension_once_before_the_deadline(accepted, extended, today, expected):
    assert rules.may_extend(accepted=accepted, extended=extended, today=today) is expected


@pytest.mark.parametrize(
    ("status", "today", "phase", "overdue", "soon"),
    [
        ("received", dt.date(2026, 3, 12), "ack", False, False),  # 4 days left
        ("received", dt.date(2026, 3, 13), "ack", False, True),  # 3 days left
        ("received", dt.date(2026, 3, 16), "ack", False, True),  # the last day
        ("received", dt.date(2026, 3, 17), "ack", True, False),  # one day late
        ("accepted", dt.date(2026, 5, 4), "handle", False, True),
        ("found", dt.date(2026, 5, 6), "handle", True, False),
        ("replied", dt.date(2027, 1, 1), "", False, False),
        ("declined", dt.date(2027, 1, 1), "", False, False),
        ("closed", dt.date(2027, 1, 1), "", False, False),
    ],
)
def test_due_state(status, today, phase, overdue, soon):
    accepted = dt.date(2026, 3, 5) if status in ("accepted", "found") else None
    s = rules.due_state(status=status, received=D, accepted=accepted, extended=False, today=today)
    assert (s.phase, s.overdue, s.due_soon) == (phase, overdue, soon)


def test_due_state_of_an_extended_complaint():
    s = rules.due_state(status="accepted", received=D, accepted=D, extended=True, today=dt.date(2026, 5, 10))
    assert s.due == dt.date(2026, 5, 30) and not s.overdue and s.days_left == 20


def test_distance():
    assert rules.distance_m(30.0, 122.0, 30.0, 122.0) == 0
    # a thousandth of a degree of latitude is about 111 m
    assert 110 < rules.distance_m(30.0, 122.0, 30.001, 122.0) < 112


def _lat_m(m: float) -> float:
    return m / 111_195.0


@pytest.mark.parametrize(
    ("metres", "days", "kind", "joins"),
    [
        (0, 0, "odour", True),
        (290, 7, "odour", True),  # the edges: within 300 m, 7 days
        (310, 0, "odour", False),
        (0, 8, "odour", False),
        (0, 0, "noise", False),  # another kind is another matter
    ],
)
def test_duplicates(metres, days, kind, joins):
    first = rules.Sighting(1, "odour", 30.0, 122.0, D)
    new = rules.Sighting(2, kind, 30.0 + _lat_m(metres), 122.0, D + dt.timedelta(days=days))
    assert rules.duplicate_of(new, [first]) == (1 if joins else None)


def test_the_nearest_group_wins_and_a_place_without_coordinates_never_joins():
    near = rules.Sighting(5, "dust", 30.0 + _lat_m(50), 122.0, D)
    far = rules.Sighting(3, "dust", 30.0 + _lat_m(250), 122.0, D)
    new = rules.Sighting(9, "dust", 30.0, 122.0, D)
    assert rules.duplicate_of(new, [far, near]) == 5
    assert rules.duplicate_of(rules.Sighting(9, "dust", None, None, D), [near]) is None
    # a complaint later than the new one (a back-dated staff entry) is not its group
    later = rules.Sighting(4, "dust", 30.0, 122.0, D + dt.timedelta(days=1))
    assert rules.duplicate_of(new, [later]) is None


TOWNS = [rules.Point(1, 30.02, 122.125), rules.Point(2, 30.025, 122.095)]


def test_routing_by_a_facility_within_500_m():
    f = rules.FacilityPlace(7, 30.022, 122.100, town_id=1, park_id=None)  # registered in town 1
    r = rules.route(30.022 + _lat_m(400), 122.100, facilities=[f], towns=TOWNS)
    assert (r.town_id, r.via, r.facility_id) == (1, "facility", 7)


def test_routing_by_the_nearest_town_centre_otherwise():
    f = rules.FacilityPlace(7, 30.022, 122.100, town_id=1, park_id=None)
    r = rules.route(30.022 + _lat_m(600), 122.100, facilities=[f], towns=TOWNS)
    assert (r.town_id, r.via) == (2, "centre")
    assert rules.route(None, None, facilities=[f], towns=TOWNS).town_id is None


def test_routing_keeps_the_facility_park():
    f = rules.FacilityPlace(7, 30.035, 121.995, town_id=5, park_id=3)
    r = rules.route(30.035, 121.995, facilities=[f], towns=TOWNS)
    assert (r.town_id, r.park_id) == (5, 3)


def test_suggestions_nearest_first_within_the_radius():
    points = [rules.Point(i, 30.0 + _lat_m(m), 122.0) for i, m in ((1, 900), (2, 100), (3, 1600), (4, 100))]
    found = [p.id for p, _d in rules.suggestions(30.0, 122.0, points)]
    assert found == [2, 4, 1]


def test_rate_limit_edge():
    assert not rules.over_rate_limit(rules.RATE_LIMIT - 1)
    assert rules.over_rate_limit(rules.RATE_LIMIT)


def test_cells_group_close_points_and_separate_far_ones():
    assert rules.cell(30.02001, 122.12501) == rules.cell(30.02002, 122.12502)
    assert rules.cell(30.02, 122.125) != rules.cell(30.03, 122.125)


def test_every_rule_names_its_source():
    assert {"ack", "handle", "extension", "duplicate", "routing"} <= set(rules.SOURCES)
    assert all("信访工作条例" in rules.SOURCES[k] for k in ("ack", "handle", "extension"))
