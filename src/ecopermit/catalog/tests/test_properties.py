"""Properties of the classification that must hold for every facility (MISSION C1), checked with hypothesis.

The class order is 重点 > 简化 > 登记 > 名录以外. Being put on the key discharger list, taking up another industry,
adding a production process or making another product can never move a facility down that order; the order in
which its industries are listed never matters. (The gate is left out: ``excluded`` is outside the order.)
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecopermit.catalog.engine import CLASSES, classify
from ecopermit.catalog.profile import vocabulary
from ecopermit.core.industry import all_codes

ON = dt.date(2024, 6, 1)
VOCAB = vocabulary()
RANK = {c: i for i, c in enumerate(CLASSES)}

# Every class and group the catalog names, plus codes outside rows 1–107 (row 108).
_catalog_codes = sorted({c.code for c in all_codes("class")} | {c.code for c in all_codes("group")})
CODES = st.sampled_from(_catalog_codes)
AMOUNTS = st.sampled_from(
    [
        0,
        0.5,
        1,
        2.9,
        3,
        9.9,
        10,
        20,
        80,
        99,
        100,
        499,
        500,
        1000,
        2000,
        5000,
        10000,
        19999,
        20000,
        100000,
        150000,
        200000,
        500000,
        1_500_000,
        10_000_000,
    ]
)
YEARLY = st.one_of(AMOUNTS, st.lists(st.one_of(st.none(), AMOUNTS), min_size=1, max_size=4))

boilers = st.lists(
    st.fixed_dictionaries(
        {
            "capacity_t_per_h": st.sampled_from([0.5, 1, 1.5, 10, 19.9, 20, 25]),
            "fuel": st.sampled_from(sorted(VOCAB.fuels)),
        }
    ),
    max_size=3,
)
furnaces = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(sorted(VOCAB.furnace_kinds)),
            "energy": st.sampled_from(sorted(VOCAB.furnace_energies)),
        }
    ),
    max_size=2,
)
profiles = st.fixed_dictionaries(
    {
        "industry_codes": st.lists(CODES, max_size=3),
        "on_key_discharger_list": st.booleans(),
        "in_industrial_building": st.sampled_from([True, False, None]),
        "processes": st.lists(st.sampled_from(sorted(VOCAB.processes)), max_size=4),
        "products": st.lists(st.sampled_from(sorted(VOCAB.products)), max_size=3),
        "features": st.lists(st.sampled_from(sorted(VOCAB.features)), max_size=3),
        "boilers": boilers,
        "furnaces": furnaces,
        "water_treatment_t_per_day": AMOUNTS,
        "quantities": st.dictionaries(st.sampled_from(sorted(VOCAB.quantities)), YEARLY, max_size=4),
        "operating_years": st.sampled_from([None, 0, 0.5, 1, 2, 5]),
        "annual_emissions_t": st.dictionaries(
            st.sampled_from(sorted(VOCAB.emissions)),
            st.sampled_from([0, 10, 30, 31, 250, 251, 501]),
            max_size=3,
        ),
        "max_pollution_equivalents": st.sampled_from([0, 3000, 3001]),
    }
)

# CATALOG_HYPOTHESIS_EXAMPLES=5000 for a longer search before changing rows.json.
EXAMPLES = int(os.environ.get("CATALOG_HYPOTHESIS_EXAMPLES", "400"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rank(profile: dict[str, Any]) -> int:
    result = classify(profile, on=ON)
    assert result.class_ in RANK, result.class_
    return RANK[result.class_]


@SETTINGS
@given(profiles)
def test_key_list_never_lowers_the_class(profile: dict[str, Any]) -> None:
    assert rank({**profile, "on_key_discharger_list": True}) >= rank(
        {**profile, "on_key_discharger_list": False}
    )


@SETTINGS
@given(profiles, CODES)
def test_adding_an_industry_never_lowers_the_class(profile: dict[str, Any], code: str) -> None:
    assert rank({**profile, "industry_codes": [*profile["industry_codes"], code]}) >= rank(profile)


@SETTINGS
@given(profiles, st.sampled_from(sorted(VOCAB.processes)))
def test_adding_a_process_never_lowers_the_class(profile: dict[str, Any], process: str) -> None:
    assert rank({**profile, "processes": [*profile["processes"], process]}) >= rank(profile)


@SETTINGS
@given(profiles, st.sampled_from(sorted(VOCAB.products)))
def test_adding_a_product_never_lowers_the_class(profile: dict[str, Any], product: str) -> None:
    assert rank({**profile, "products": [*profile["products"], product]}) >= rank(profile)


@SETTINGS
@given(profiles, st.randoms(use_true_random=False))
def test_order_of_industries_never_matters(profile: dict[str, Any], random: Any) -> None:
    shuffled = list(profile["industry_codes"])
    random.shuffle(shuffled)
    assert (
        classify({**profile, "industry_codes": shuffled}, on=ON).to_json()
        == classify(profile, on=ON).to_json()
    )


@SETTINGS
@given(profiles)
def test_result_is_well_formed(profile: dict[str, Any]) -> None:
    result = classify(profile, on=ON).to_json()
    assert result["edition"] == "2019"
    decisive = [d for d in result["decisions"] if d["decisive"]]
    if result["class"] == "none":
        assert decisive == [] and result["permit_scope"] == "none"
    else:
        assert decisive and all(d["column"] == result["class"] for d in decisive)
    assert (result["permit_scope"] != "none") == (result["class"] in ("key", "simplified"))
