"""The catalog's articles 5–7, its footnotes, the gate and the EIA advice (MISSION C1, C2, C4).

Personas: 舟山 shipyard (金属船舶制造3731) with a plating shop, a fish-processing plant (水产品冷冻加工1361), a
machinery works (锅炉及辅助设备制造3411), a software park's data centre (软件开发6511 — outside rows 1–107),
a logistics depot (5411) with big emissions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecopermit.catalog import gate
from ecopermit.catalog.editions import EditionError, edition
from ecopermit.catalog.engine import classify

ON = dt.date(2024, 6, 1)
COAL_25 = [{"capacity_t_per_h": 25, "fuel": "coal"}]
GAS_2 = [{"capacity_t_per_h": 2, "fuel": "gas"}]


def cls(profile: dict[str, Any], on: dt.date = ON) -> str:
    return classify(profile, on=on).class_


# ---- article 5: several industries at one site, one permit at the strictest class -------------------
def test_article5_strictest_class_of_several_industries() -> None:
    shipyard = {
        "industry_codes": ["C3731", "3360"],
        "processes": ["electroplating"],
        "quantities": {"solvent_coating_adhesive_t_per_year": 12},
    }
    result = classify(shipyard, on=ON)
    assert (result.class_, result.permit_scope) == ("key", "whole")
    rows = {(d.row, d.column, d.decisive) for d in result.decisions}
    assert (81, "key", True) in rows  # the plating shop decides
    assert (86, "simplified", False) in rows  # the shipyard alone would be simplified
    # one result for the site, whatever the order of its industries
    reordered = classify({**shipyard, "industry_codes": ["3360", "C3731"]}, on=ON)
    assert reordered.to_json() == result.to_json()


def test_article5_duplicate_codes_count_once() -> None:
    once = classify({"industry_codes": ["3731"]}, on=ON)
    twice = classify({"industry_codes": ["3731", "C3731", " c3731 "]}, on=ON)
    assert once.to_json() == twice.to_json()


# ---- article 6: a 1–107 facility managed only for its general processes -------------------------------
def test_article6_general_process_only() -> None:
    works = classify({"industry_codes": ["3411"], "boilers": COAL_25}, on=ON)
    assert (works.class_, works.permit_scope) == ("simplified", "general_process")


def test_article6_own_row_wins_the_scope() -> None:
    fish = classify(
        {
            "industry_codes": ["1361"],
            "quantities": {"aquatic_products_t_per_year": 120000},
            "boilers": COAL_25,
        },
        on=ON,
    )
    assert (fish.class_, fish.permit_scope) == ("simplified", "whole")


def test_article6_general_process_lifts_a_registration_row() -> None:
    fish = classify({"industry_codes": ["1361"], "boilers": COAL_25}, on=ON)
    assert (fish.class_, fish.permit_scope) == ("simplified", "general_process")
    assert [d.row for d in fish.deciding] == [109]


def test_registration_and_none_need_no_permit() -> None:
    assert classify({"industry_codes": ["3411"]}, on=ON).permit_scope == "none"
    assert classify({"industry_codes": ["6511"]}, on=ON).permit_scope == "none"


# ---- article 7: row 108 industries ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("emissions", "expected"),
    [
        ({"SO2": 250}, "none"),  # 大于250: 250 itself is not enough
        ({"SO2": 250.01}, "key"),
        ({"NOx": 250}, "none"),
        ({"NOx": 251}, "key"),
        ({"particulates": 500}, "none"),
        ({"particulates": 500.5}, "key"),
        ({"COD": 30}, "none"),
        ({"COD": 30.1}, "key"),
        ({"TN": 10}, "none"),
        ({"TN": 10.1}, "key"),
        ({"TP": 0.5}, "none"),
        ({"TP": 0.51}, "key"),
        ({"NH3_N": 10, "petroleum": 10, "volatile_phenol": 10}, "none"),  # 合计 30: not more than 30
        ({"NH3_N": 10, "petroleum": 10, "volatile_phenol": 10.5}, "key"),
        ({"NH3_N": 29, "COD": 29, "SO2": 249, "particulates": 499}, "none"),
    ],
)
def test_article7_thresholds_are_strictly_greater(emissions: dict[str, float], expected: str) -> None:
    result = classify({"industry_codes": ["5411"], "annual_emissions_t": emissions}, on=ON)
    assert result.class_ == expected
    if expected == "key":
        assert result.permit_scope == "whole"  # 还应当对其生产设施和相应的排放口等申请取得重点管理排污许可证
        assert result.deciding[0].row == 108
        assert result.deciding[0].criterion == "存在本名录第七条规定情形之一的"


def test_article7_pollution_equivalents() -> None:
    assert cls({"industry_codes": ["5411"], "max_pollution_equivalents": 3000}) == "none"
    result = classify({"industry_codes": ["5411"], "max_pollution_equivalents": 3000.5}, on=ON)
    assert result.class_ == "key"
    assert result.deciding[0].article.startswith("第七条（六）")


def test_article7_key_list() -> None:
    result = classify({"industry_codes": ["6511"], "on_key_discharger_list": True}, on=ON)
    assert (result.class_, result.permit_scope) == ("key", "whole")
    assert result.deciding[0].article == "第七条（一）被列入重点排污单位名录的"


def test_article7_does_not_apply_to_rows_1_to_107() -> None:
    shipyard = {"industry_codes": ["3731"], "annual_emissions_t": {"SO2": 1000, "COD": 100}}
    assert cls(shipyard) == "registration"


def test_article7_applies_to_the_row108_industry_of_a_mixed_site() -> None:
    site = {"industry_codes": ["3731", "5411"], "annual_emissions_t": {"SO2": 1000}}
    assert cls(site) == "key"


def test_without_industry_codes_only_general_processes_are_read() -> None:
    assert cls({}) == "none"
    assert cls({"annual_emissions_t": {"SO2": 1000}, "on_key_discharger_list": True}) == "none"
    assert cls({"boilers": GAS_2}) == "registration"
    result = classify({"boilers": COAL_25}, on=ON)
    assert (result.class_, result.permit_scope) == ("simplified", "general_process")
    assert [d.row for d in result.decisions] == [109]
    assert any("未填报行业代码" in n for n in result.notes)


# ---- key discharger list ------------------------------------------------------------------------------
def test_key_list_row_with_own_key_column() -> None:
    assert cls({"industry_codes": ["3731"], "on_key_discharger_list": True}) == "key"


def test_key_list_lifts_through_general_processes() -> None:
    """Row 14 has no 重点 column; a listed fish plant is 重点 through its boiler (row 109 纳入重点排污单位名录的)."""
    listed = {"industry_codes": ["1361"], "on_key_discharger_list": True}
    assert cls(listed) == "registration"
    result = classify({**listed, "boilers": GAS_2}, on=ON)
    assert (result.class_, result.permit_scope) == ("key", "general_process")
    assert {d.row for d in result.deciding} == {109}


def test_key_list_electric_boiler_only_is_no_general_process() -> None:
    listed = {
        "industry_codes": ["1361"],
        "on_key_discharger_list": True,
        "boilers": [{"capacity_t_per_h": 10, "fuel": "electric"}],
    }
    assert cls(listed) == "registration"


# ---- footnotes ----------------------------------------------------------------------------------------
def test_footnote1_asterisk_only_in_industrial_buildings() -> None:
    fish = {"industry_codes": ["1361"], "quantities": {"aquatic_products_t_per_year": 5000}}
    assert cls({**fish, "in_industrial_building": True}) == "registration"
    out = classify({**fish, "in_industrial_building": False}, on=ON)
    assert out.class_ == "none"
    assert any("注1" in n for n in out.notes)
    assumed = classify(fish, on=ON)
    assert assumed.class_ == "registration"
    assert any("未填报是否在工业建筑中生产" in n for n in assumed.notes)


def test_footnote1_unstarred_columns_apply_everywhere() -> None:
    # 制糖业: 重点 (no ﹡) applies outside industrial buildings too; 简化 "其他﹡" does not.
    assert (
        cls(
            {
                "industry_codes": ["1340"],
                "in_industrial_building": False,
                "quantities": {"sugar_crops_t_per_day": 1500},
            }
        )
        == "key"
    )


@pytest.mark.parametrize(
    ("figures", "extra", "expected"),
    [
        ([9.5, 12.0, 8.0], {}, "simplified"),  # the example: highest of three years
        ([5, 5, 5, 12], {}, "registration"),  # the fourth year back is outside 近三年
        ([5, 5, 5, 12], {"operating_years": 6}, "registration"),
        ([9, 11], {"operating_years": 2}, "simplified"),  # 投运满一年不满三年: highest so far
        ([9, 11, 14], {"operating_years": 1.5}, "simplified"),
        ([9, 8, 14], {"operating_years": 1}, "registration"),  # one year in operation: only its figure
        (
            [3],
            {"operating_years": 0.5, "quantities_eia": {"solvent_coating_adhesive_t_per_year": 12}},
            "simplified",
        ),
        (
            [12],
            {"operating_years": 0, "quantities_from_eia": ["solvent_coating_adhesive_t_per_year"]},
            "simplified",
        ),
        ([None, 11, None], {}, "simplified"),
    ],
)
def test_footnote2_which_year_counts(figures: list[Any], extra: dict[str, Any], expected: str) -> None:
    shipyard = {
        "industry_codes": ["3731"],
        "quantities": {"solvent_coating_adhesive_t_per_year": figures},
        **extra,
    }
    assert cls(shipyard) == expected


def test_footnote2_new_facility_without_eia_figure_is_noted() -> None:
    result = classify(
        {
            "industry_codes": ["3731"],
            "operating_years": 0.2,
            "quantities": {"solvent_coating_adhesive_t_per_year": 3},
        },
        on=ON,
    )
    assert result.class_ == "registration"
    assert any("环境影响报告书（表）批准文件" in n for n in result.notes)


def test_footnote2_eia_figure_alone() -> None:
    assert (
        cls(
            {
                "industry_codes": ["3731"],
                "operating_years": 0,
                "quantities_eia": {"solvent_coating_adhesive_t_per_year": 15},
            }
        )
        == "simplified"
    )


def test_footnote3_only_public_sewage_works_are_urban() -> None:
    park_plant = {"industry_codes": ["4620"], "water_treatment_t_per_day": 30000}
    assert cls({**park_plant, "features": ["industrial_wastewater_centre"]}) == "key"
    assert cls({**park_plant, "features": ["urban_sewage_centre"]}) == "key"
    # neither: row 99 gives nothing, the plant is still a 水处理设施 ≥ 2万 t/d (row 112)
    result = classify(park_plant, on=ON)
    assert (result.class_, [d.row for d in result.deciding]) == ("simplified", [112])


def test_footnote4_electroplating_includes_chemical_plating_and_anodizing() -> None:
    for process in ("electroplating", "chemical_plating", "anodizing"):
        assert cls({"industry_codes": ["3360"], "processes": [process]}) == "key"


# ---- gate (C2, footnote 5) ----------------------------------------------------------------------------
def _zone_centre(name: str, level: str) -> tuple[float, float]:
    zone = next(z for z in gate.zones() if z.name == name and z.level == level)
    point = zone.geometry.representative_point()
    return point.x, point.y


def test_gate_water_source_zone_excludes() -> None:
    lon, lat = _zone_centre("虹桥水库", "二级保护区")
    result = classify(
        {"industry_codes": ["3360"], "processes": ["electroplating"], "location": {"lon": lon, "lat": lat}},
        on=ON,
    )
    assert (result.class_, result.permit_scope, result.decisions) == ("excluded", "none", ())
    (reason,) = result.gate
    assert reason.kind == "water_source_zone"
    assert reason.details["level"] == "二级保护区"
    assert "关停取缔" in reason.reason and "示意" in reason.reason
    assert any("重点管理" in n for n in result.notes)  # what the catalog would otherwise have said
    assert result.eia_advice == ()


def test_gate_outside_zones_passes() -> None:
    town_centre = {"lon": 122.095, "lat": 30.025}  # 昌国街道
    assert cls({"industry_codes": ["3731"], "location": town_centre}) == "registration"


def test_gate_zone_of_another_district_is_not_checked() -> None:
    lon, lat = _zone_centre("城北水库", "一级保护区")
    here = {"industry_codes": ["3731"], "location": {"lon": lon, "lat": lat}}
    assert cls({**here, "district": "330902"}) == "excluded"
    assert cls({**here, "district": "330903"}) == "registration"


def test_gate_quasi_protection_zone_does_not_close(monkeypatch: pytest.MonkeyPatch) -> None:
    real = gate.zones()
    quasi = [
        gate.Zone(z.name, "准保护区", z.district, z.approximate, z.source, z.geometry, z.bbox) for z in real
    ]
    point = real[0].geometry.representative_point()
    monkeypatch.setattr(gate, "zones", lambda: tuple(quasi))
    assert cls({"industry_codes": ["3731"], "location": {"lon": point.x, "lat": point.y}}) == "registration"


def test_gate_eliminated_flag() -> None:
    result = classify({"industry_codes": ["3731"], "eliminated": True}, on=ON)
    assert result.class_ == "excluded"
    assert result.gate[0].kind == "eliminated"


def test_gate_eliminated_list_entry() -> None:
    result = classify(
        {"industry_codes": ["3360"], "eliminated_items": ["2019-E-cyanide-electroplating"]}, on=ON
    )
    assert result.class_ == "excluded"
    assert "氰化物电镀工艺" in result.gate[0].reason


def test_gate_eliminated_entry_with_deadline() -> None:
    plant = {"industry_codes": ["2927"], "eliminated_items": ["2019-P-foamed-plastic-tableware"]}
    assert cls(plant, on=dt.date(2020, 12, 31)) == "registration"  # not yet due
    assert cls(plant, on=dt.date(2021, 1, 1)) == "excluded"


def test_eliminated_list_is_a_starting_list() -> None:
    listing = gate.eliminated_list(dt.date(2023, 12, 31))
    assert "产业结构调整指导目录（2019年本）" in listing.source
    assert listing.entries and all("text" in e and "verified" in e for e in listing.entries.values())


def test_the_2024_edition_replaced_the_2019_one_on_2024_02_01() -> None:
    assert gate.eliminated_list(dt.date(2024, 1, 31)).edition == "2019"
    listing = gate.eliminated_list(dt.date(2024, 2, 1))
    assert listing.edition == "2024" and "2024年本" in listing.source
    assert gate.eliminated_list().edition == "2024"
    # Nobody has checked the 2024 entries against the official text: each says so.
    assert all(e["verified"] is False for e in listing.entries.values())


def test_a_2019_entry_is_judged_by_its_2024_successor() -> None:
    plant = {"industry_codes": ["3360"], "eliminated_items": ["2019-E-cyanide-electroplating"]}
    before = classify(plant, on=dt.date(2023, 6, 1))
    after = classify(plant, on=dt.date(2024, 6, 1))
    assert before.gate[0].details["edition"] == "2019" and before.gate[0].details["entry"].startswith("2019-")
    assert after.gate[0].details["edition"] == "2024"
    assert after.gate[0].details["entry"] == "2024-E-cyanide-electroplating"
    assert "2024年本" in after.gate[0].reason and "尚未与官方文本核对" in after.gate[0].reason


def test_demo_zones_are_marked_approximate() -> None:
    assert gate.zones()
    assert all(z.approximate and z.district == "330902" for z in gate.zones())


# ---- EIA advice (C4) ----------------------------------------------------------------------------------
def test_eia_advice_registration_needs_no_eia_registration_filing() -> None:
    (advice,) = classify({"industry_codes": ["3411"]}, on=ON).eia_advice
    assert advice["code"] == "no_eia_registration_filing"
    assert "免于开展环境影响评价登记备案" in advice["text"]


def test_eia_advice_outside_the_catalog_needs_no_eia_approval() -> None:
    (advice,) = classify({"industry_codes": ["6511"]}, on=ON).eia_advice
    assert advice["code"] == "no_eia_approval"
    assert "不再办理环境影响评价审批" in advice["text"]


def test_eia_advice_none_for_permits() -> None:
    assert classify({"industry_codes": ["3360"], "processes": ["electroplating"]}, on=ON).eia_advice == ()


# ---- 3-digit codes ------------------------------------------------------------------------------------
def test_group_code_uniform_row() -> None:
    assert (
        classify({"industry_codes": ["336"], "processes": ["electroplating"]}, on=ON).to_json()["class"]
        == "key"
    )
    assert classify({"industry_codes": ["373"]}, on=ON).notes == ()


def test_group_code_spanning_classes_takes_the_lowest_certain_class() -> None:
    battery = classify({"industry_codes": ["384"]}, on=ON)
    assert battery.class_ == "simplified"  # 3843 would be 重点, every other class 简化
    assert any("请填写4位小类代码" in n for n in battery.notes)
    foundry_or_not = classify({"industry_codes": ["339"]}, on=ON)
    assert foundry_or_not.class_ == "registration"  # 3393–3399 are row 80 (其他﹡)


# ---- editions -----------------------------------------------------------------------------------------
def test_edition_in_force_on_a_date() -> None:
    assert classify({}, on=dt.date(2019, 12, 20)).edition == "2019"
    with pytest.raises(EditionError):
        classify({}, on=dt.date(2019, 12, 19))
    assert classify({}, edition="2019", on=dt.date(2019, 1, 1)).edition == "2019"
    assert classify({}, edition=edition("2019")).edition == "2019"
    with pytest.raises(EditionError):
        classify({}, edition="2017")
