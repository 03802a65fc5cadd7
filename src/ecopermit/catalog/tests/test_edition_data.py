"""The 2019 edition's data files hold together (MISSION C3): texts as printed, a schema that documents what the
rows read, and an engine that needs no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ecopermit.catalog.editions import edition
from ecopermit.catalog.engine import compiled
from ecopermit.catalog.profile import Profile, parse_profile, vocabulary

ED = edition("2019")
REFERENCE = Path(__file__).resolve().parents[5] / "shared" / "reference" / "catalog_2019.json"

ISSUE_EXAMPLE = {
    "industry_codes": ["C3731", "3360"],
    "on_key_discharger_list": False,
    "in_industrial_building": True,
    "processes": [
        "electroplating",
        "pickling",
        "chromium_passivation",
        "chromium_free_passivation",
        "polishing",
        "hot_dip_solvent",
        "quenching",
        "phosphating",
    ],
    "boilers": [{"capacity_t_per_h": 4, "fuel": "gas"}],
    "furnaces": [{"kind": "heating", "energy": "gas"}],
    "water_treatment_t_per_day": 0,
    "quantities": {
        "solvent_coating_adhesive_t_per_year": [9.5, 12.0, 8.0],
        "aquatic_products_t_per_year": 120000,
    },
    "annual_emissions_t": {
        "SO2": 0,
        "NOx": 0,
        "particulates": 0,
        "COD": 0,
        "TN": 0,
        "TP": 0,
        "NH3_N": 0,
        "petroleum": 0,
        "volatile_phenol": 0,
    },
    "max_pollution_equivalents": 0,
    "location": {"lon": 122.1, "lat": 30.0},
    "eliminated": False,
}


def test_meta() -> None:
    assert (ED.id, ED.title, ED.in_force_from.isoformat()) == (
        "2019",
        "固定污染源排污许可分类管理名录（2019年版）",
        "2019-12-20",
    )
    assert set(ED.meta["footnotes"]) >= {"1", "2", "3", "4", "5"}
    assert "大于250吨" in ED.meta["articles"]["7"]


def test_112_rows_with_their_columns() -> None:
    assert len(ED.rows) == 112
    for row in ED.rows:
        for name, column in row["columns"].items():
            if column is None:
                continue
            assert column["clauses"], (row["no"], name)
            for clause in column["clauses"]:
                # Each clause is quoted from its cell, and ﹡ goes with the text that carries it.
                assert clause["text"] in column["text"], (row["no"], name, clause["text"])
                assert clause["asterisk"] == ("﹡" in clause["text"])
                if clause.get("qualifier"):
                    assert clause["qualifier"] in column["text"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside the checkout")
def test_cells_match_the_reference_extraction() -> None:
    reference = {r["no"]: r for r in json.loads(REFERENCE.read_text(encoding="utf-8"))}
    for row in ED.rows:
        ref = reference[row["no"]]
        assert row["industry"] == ref["industry"]
        for name, column in row["columns"].items():
            assert (column["text"] if column else "/") == ref[name], (row["no"], name)
            starred = bool(column) and any(c["asterisk"] for c in column["clauses"])
            assert starred == ref["industrial_building_asterisk"][name], (row["no"], name)


def test_every_class_code_falls_in_at_most_one_row() -> None:
    comp = compiled("2019")
    assert comp.by_code["3360"].no == 81
    assert comp.by_code["3391"].no == 82
    assert comp.by_code["3393"].no == 80
    assert "5411" not in comp.by_code  # row 108
    assert {r.no for r in comp.general} == {109, 110, 111, 112}
    assert comp.other.no == 108


def test_schema_is_valid_and_accepts_the_issue_example() -> None:
    Draft202012Validator.check_schema(ED.schema)
    Draft202012Validator(ED.schema).validate(ISSUE_EXAMPLE)
    parse_profile(ISSUE_EXAMPLE)


def _reads(cond: Any, found: set[tuple[str, str]]) -> None:
    if isinstance(cond, dict):
        for key, value in cond.items():
            if key in ("processes", "products"):
                found.update((key, v) for v in value)
            elif key == "feature":
                found.add(("features", value))
            elif key == "quantity":
                found.update(("quantities", v) for v in ([value] if isinstance(value, str) else value))
            else:
                _reads(value, found)
    elif isinstance(cond, list):
        for c in cond:
            _reads(c, found)


def test_schema_says_which_rows_read_each_value() -> None:
    by_value: dict[tuple[str, str], set[int]] = {}
    for row in ED.rows:
        conds = [row.get("applies")] + [
            c["when"] for col in row["columns"].values() if col for c in col["clauses"]
        ]
        found: set[tuple[str, str]] = set()
        _reads(conds, found)
        for item in found:
            by_value.setdefault(item, set()).add(row["no"])
    props = ED.schema["properties"]
    for field in ("processes", "products", "features"):
        for item in props[field]["items"]["anyOf"]:
            assert set(item["x-rows"]) == by_value.get((field, item["const"]), set()), (field, item["const"])
    for key, node in props["quantities"]["properties"].items():
        assert set(node["x-rows"]) == by_value.get(("quantities", key), set()), key
    # and every value a row reads is in the schema
    documented = {
        (f, i["const"]) for f in ("processes", "products", "features") for i in props[f]["items"]["anyOf"]
    }
    documented |= {("quantities", k) for k in props["quantities"]["properties"]}
    documented |= {("quantities", "water_treatment_t_per_day"), ("quantities", "max_pollution_equivalents")}
    assert set(by_value) <= documented


def test_inventory_vocabulary_is_accepted() -> None:
    """Every value the inventory stores (registry.vocab) is a profile value, so facility_profile() parses."""
    from ecopermit.registry import vocab

    v = vocabulary()
    assert set(vocab.Process.values) <= v.processes
    assert set(vocab.Quantity.values) <= v.quantities
    assert set(vocab.Fuel.values) <= v.fuels
    assert set(vocab.Fuel.values) <= v.furnace_energies  # the inventory stores a furnace's energy as a Fuel
    assert set(vocab.FurnaceKind.values) <= v.furnace_kinds


def test_engine_imports_without_django() -> None:
    code = (
        "import sys, datetime; from ecopermit.catalog.engine import classify;"
        "r = classify({'industry_codes': ['3360'], 'processes': ['electroplating']}, on=datetime.date(2024, 1, 1));"
        "assert r.class_ == 'key';"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'));"
        "assert not bad, bad"
    )
    done = subprocess.run(  # noqa: S603 - fixed code, this interpreter
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr


def test_profile_defaults() -> None:
    assert parse_profile({}) == Profile()
