"""Reading a profile: normalisation, defaults and errors that name the field (issue 3's contract)."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.catalog.engine import classify
from ecopermit.catalog.profile import Boiler, Location, ProfileError, parse_profile


def test_industry_codes_normalised_sorted_and_deduplicated() -> None:
    p = parse_profile({"industry_codes": ["C3731", "３３６０", " c 3731", "373"]})
    assert p.industry_codes == ("3360", "373", "3731")


@pytest.mark.parametrize("raw", ["37", "C", "99999", "A3731", "9999"])
def test_bad_industry_codes(raw: str) -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile({"industry_codes": ["3360", raw]})
    assert raised.value.field == "industry_codes[1]"


def test_boiler_capacity_in_mw() -> None:
    p = parse_profile({"boilers": [{"capacity_mw": 14, "fuel": "coal"}, {"capacity_mw": 0.7, "fuel": "gas"}]})
    assert p.boilers == (Boiler(20.0, "coal"), Boiler(1.0, "gas"))


@pytest.mark.parametrize(
    ("boiler", "field"),
    [
        ({"fuel": "gas"}, "boilers[0].capacity_t_per_h"),
        ({"capacity_t_per_h": 2, "capacity_mw": 1.4, "fuel": "gas"}, "boilers[0].capacity_t_per_h"),
        ({"capacity_t_per_h": 2, "fuel": "lng"}, "boilers[0].fuel"),
        ({"capacity_t_per_h": 2, "fuel": "gas", "pressure": 1}, "boilers[0].pressure"),
    ],
)
def test_bad_boilers(boiler: dict[str, object], field: str) -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile({"boilers": [boiler]})
    assert raised.value.field == field


def test_furnace_kind_defaults_to_other() -> None:
    assert parse_profile({"furnaces": [{"energy": "coal"}]}).furnaces[0].kind == "other"


def test_misspelt_value_gets_a_suggestion() -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile({"processes": ["pickling", "electroplate"]})
    assert raised.value.field == "processes[1]"
    assert "electroplating" in raised.value.message


def test_numbers_are_numbers() -> None:
    for bad in (True, "12", float("nan"), -1):
        with pytest.raises(ProfileError):
            parse_profile({"water_treatment_t_per_day": bad})


def test_location_range() -> None:
    assert parse_profile({"location": {"lon": 122.1, "lat": 30.0}}).location == Location(122.1, 30.0)
    with pytest.raises(ProfileError) as raised:
        parse_profile({"location": {"lon": 122.1, "lat": 95}})
    assert raised.value.field == "location.lat"
    assert parse_profile({"location": None}).location is None


def test_unknown_eliminate_list_entry() -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile({"eliminated_items": ["no-such-entry"]})
    assert raised.value.field == "eliminated_items[0]"


def test_unknown_top_level_fields_are_reported_not_fatal() -> None:
    result = classify(
        {"industry_codes": ["3731"], "expected": "registration", "comment": "test"}, on=dt.date(2024, 1, 1)
    )
    assert result.class_ == "registration"
    assert any("comment" in n and "expected" in n for n in result.notes)


def test_nulls_count_as_absent() -> None:
    p = parse_profile(
        {
            "industry_codes": None,
            "quantities": {"beds": None},
            "in_industrial_building": None,
            "operating_years": None,
        }
    )
    assert p.industry_codes == () and dict(p.quantities) == {} and p.in_industrial_building is None
