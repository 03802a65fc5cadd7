"""Every row of the 2019 catalog, each class the row has (MISSION C1).

Each case was written by reading the row's own text in the catalog (not from rows.json): a facility that the
criterion describes, and the class the catalog gives it. Boundary cases test the comparison words: "及以上"
includes the threshold, "以下" excludes it, "及以下" includes it. Where a row has a ﹡ column, a case checks
that a facility not producing in an industrial building falls outside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecopermit.catalog.engine import classify

ON = dt.date(2024, 6, 1)
MIX = "mixing_or_packaging_only"
# General-process situations, to exercise "涉及通用工序重点/简化管理的" (rows 109–112 decide the class).
GP_KEY = {"on_key_discharger_list": True, "boilers": [{"capacity_t_per_h": 2, "fuel": "gas"}]}
GP_SIMPLIFIED = {"boilers": [{"capacity_t_per_h": 25, "fuel": "coal"}]}
OUT = {"in_industrial_building": False}


def P(*codes: str, **fields: Any) -> dict[str, Any]:
    return {"industry_codes": list(codes), **fields}


def q(**figures: Any) -> dict[str, Any]:
    return {"quantities": figures}


def gp_cases(row: int, code: str, star: bool) -> list[tuple[int, str, dict[str, Any]]]:
    """Rows whose 重点/简化 columns read "涉及通用工序重点/简化管理的" and whose 登记 column is "其他"."""
    cases = [
        (row, "key", P(code, **GP_KEY)),
        (row, "simplified", P(code, **GP_SIMPLIFIED)),
        (row, "registration", P(code)),
    ]
    if star:  # 其他﹡: only for facilities producing in an industrial building
        cases.append((row, "none", P(code, **OUT)))
    return cases


CASES: list[tuple[int, str, dict[str, Any]]] = [
    # 1 牲畜饲养031，家禽饲养032
    (1, "key", P("0313", features=["scale_farm", "wastewater_outlet"])),
    (1, "registration", P("0321", features=["scale_farm"])),
    (1, "registration", P("0313", features=["wastewater_outlet"])),
    (1, "none", P("0313")),
    # 2 其他畜牧业039
    (2, "registration", P("0391", features=["wastewater_outlet"])),
    (2, "none", P("0392")),
    *gp_cases(3, "0610", star=False),
    *gp_cases(4, "0711", star=False),
    *gp_cases(5, "0810", star=False),
    *gp_cases(6, "0921", star=False),
    *gp_cases(7, "1019", star=False),
    *gp_cases(8, "1200", star=False),
    # 9 谷物磨制131﹡
    (9, "registration", P("1311")),
    (9, "none", P("1312", **OUT)),
    # 10 饲料加工132
    (10, "simplified", P("1329", processes=["fermentation"])),
    (10, "registration", P("1321")),
    (10, "none", P("1321", **OUT)),
    # 11 植物油加工133
    (11, "simplified", P("1331")),
    (11, "registration", P("1331", features=[MIX])),
    (11, "none", P("1332", **OUT)),
    # 12 制糖业134: 日加工糖料能力1000吨及以上 → 重点; 其他﹡ → 简化
    (12, "key", P("1340", **q(sugar_crops_t_per_day=1000))),
    (12, "simplified", P("1340", **q(sugar_crops_t_per_day=999))),
    (12, "none", P("1340", **OUT, **q(sugar_crops_t_per_day=999))),
    (12, "key", P("1340", **OUT, **q(sugar_crops_t_per_day=1200))),
    # 13 屠宰及肉类加工135
    (13, "key", P("1351", **q(slaughter_pigs_per_year=100000))),
    (13, "key", P("1351", **q(slaughter_cattle_per_year=10000))),
    (13, "key", P("1351", **q(slaughter_sheep_per_year=150000))),
    (13, "key", P("1352", **q(slaughter_poultry_per_year=10_000_000))),
    (13, "simplified", P("1351", **q(slaughter_pigs_per_year=20000))),
    (13, "simplified", P("1351", **q(slaughter_pigs_per_year=99999))),
    (13, "simplified", P("1351", **q(slaughter_cattle_per_year=2000))),
    (13, "simplified", P("1351", **q(slaughter_sheep_per_year=25000))),
    (13, "simplified", P("1352", **q(slaughter_poultry_per_year=1_000_000))),
    (13, "simplified", P("1353", **q(meat_processed_t_per_year=20000))),
    (13, "registration", P("1351", **q(slaughter_pigs_per_year=19999))),
    (13, "registration", P("1353", **q(meat_processed_t_per_year=19999))),
    # 14 水产品加工136: 年加工10万吨及以上 → 简化; 其他﹡ → 登记
    (14, "simplified", P("1361", **q(aquatic_products_t_per_year=100000))),
    (14, "simplified", P("1362", **q(aquatic_products_t_per_year=[80000, 120000, 90000]))),
    (14, "registration", P("1369", **q(aquatic_products_t_per_year=99999))),
    (14, "none", P("1361", **OUT, **q(aquatic_products_t_per_year=5000))),
    *gp_cases(15, "1371", star=True),
    # 16 其他农副食品加工139
    (16, "key", P("1391", **q(starch_corn_t_per_year=150000))),
    (16, "key", P("1391", **q(starch_tubers_t_per_year=15000))),
    (16, "key", P("1391", **q(starch_products_t_per_year=10000))),
    (16, "key", P("1391", products=["starch_products"], processes=["fermentation"])),
    (16, "simplified", P("1391", **q(starch_corn_t_per_year=15000))),
    (16, "simplified", P("1391", **q(starch_tubers_t_per_year=1000))),
    (16, "simplified", P("1391", **q(starch_beans_t_per_year=1000))),
    (16, "simplified", P("1391", **q(starch_wheat_t_per_year=45000))),
    (16, "simplified", P("1391", **q(starch_products_t_per_year=1000))),
    (16, "registration", P("1391", **q(starch_corn_t_per_year=14999, starch_wheat_t_per_year=44999))),
    (16, "registration", P("1392")),
    # 17 方便食品制造143，其他食品制造149
    (17, "simplified", P("1431")),
    (17, "simplified", P("1432")),
    (17, "simplified", P("1433")),
    (17, "simplified", P("1439")),
    (17, "simplified", P("1495")),
    (17, "registration", P("1431", features=["handmade"])),
    (17, "registration", P("1433", features=[MIX])),
    (17, "registration", P("1491")),
    (17, "none", P("1432", **OUT)),
    *gp_cases(18, "1411", star=True),
    # 19 乳制品制造144
    (19, "key", P("1441", **q(dairy_processed_t_per_year=200000))),
    (19, "simplified", P("1441", **q(dairy_processed_t_per_year=199999))),
    (19, "registration", P("1442", features=[MIX])),
    (19, "none", P("1441", **OUT, **q(dairy_processed_t_per_year=5000))),
    # 20 调味品、发酵制品制造146
    (20, "key", P("1461", processes=["fermentation"], products=["msg"])),
    (20, "key", P("1469", processes=["fermentation"], products=["yeast"])),
    (20, "key", P("1462", processes=["fermentation"], **q(soy_sauce_vinegar_t_per_year=20000))),
    (20, "simplified", P("1462", processes=["fermentation"], **q(soy_sauce_vinegar_t_per_year=19999))),
    (20, "simplified", P("1469")),
    (20, "registration", P("1462", features=[MIX])),
    # 21 酒的制造151
    (21, "key", P("1511")),
    (21, "key", P("1513", processes=["fermentation"], **q(liquor_capacity_kl_per_year=5000))),
    (21, "simplified", P("1513", processes=["fermentation"], **q(liquor_capacity_kl_per_year=4999))),
    (21, "registration", P("1512")),
    (21, "none", P("1515", **OUT)),
    # 22 饮料制造152
    (22, "simplified", P("1523", processes=["raw_juice_production"])),
    (22, "simplified", P("1524", processes=["fermentation"])),
    (22, "registration", P("1522")),
    *gp_cases(23, "1530", star=True),
    *gp_cases(24, "1620", star=True),
    # 25 棉纺织及印染精加工171…化纤织造及印染精加工175
    (25, "key", P("1713", processes=["dyeing"])),
    (25, "key", P("1713", processes=["pretreatment"])),
    (25, "key", P("1713", processes=["textile_printing"])),
    (25, "key", P("1721", processes=["wool_washing"])),
    (25, "key", P("1731", processes=["hemp_degumming"])),
    (25, "key", P("1741", processes=["silk_reeling"])),
    (25, "key", P("1751", processes=["water_jet_weaving"])),
    (25, "simplified", P("1752", processes=["finishing"])),
    (25, "registration", P("1711")),
    *gp_cases(26, "1761", star=True),
    # 27 机织服装制造181，服饰制造183
    (27, "key", P("1819", processes=["water_washing"])),
    (27, "key", P("1811", processes=["wet_printing"])),
    (27, "key", P("1830", processes=["dyeing"])),
    (27, "registration", P("1811")),
    (27, "none", P("1830", **OUT)),
    *gp_cases(28, "1821", star=True),
    # 29 皮革鞣制加工191，毛皮鞣制及制品加工193
    (29, "key", P("1910", processes=["tanning"])),
    (29, "key", P("1931", processes=["tanning"])),
    (29, "simplified", P("1910")),
    (29, "registration", P("1932")),
    *gp_cases(30, "1922", star=True),
    # 31 羽毛(绒)加工及制品制造194
    (31, "key", P("1941", processes=["water_washing"])),
    (31, "registration", P("1941")),
    (31, "registration", P("1942")),
    (31, "none", P("1942", **OUT)),
    # 32 制鞋业195
    (32, "key", P("1952", on_key_discharger_list=True)),
    (32, "simplified", P("1952", **q(solvent_adhesive_t_per_year=10))),
    (32, "simplified", P("1953", **q(solvent_treatment_agent_t_per_year=3))),
    (32, "simplified", P("1952", **q(solvent_coating_adhesive_t_per_year=[10.5, 4, 6]))),
    (
        32,
        "registration",
        P("1952", **q(solvent_adhesive_t_per_year=9.9, solvent_treatment_agent_t_per_year=2.9)),
    ),
    # 33 人造板制造202
    (33, "key", P("2021", on_key_discharger_list=True)),
    (33, "simplified", P("2021", **q(wood_panels_m3_per_year=100000))),
    (33, "simplified", P("2022")),
    (33, "simplified", P("2023")),
    (33, "simplified", P("2029", **q(wood_panels_m3_per_year=150000))),
    (33, "registration", P("2021", **q(wood_panels_m3_per_year=99999))),
    (33, "registration", P("2029")),
    *gp_cases(34, "2011", star=True),
    # 35 家具制造21x
    (35, "key", P("2110", on_key_discharger_list=True)),
    (35, "simplified", P("2110", **q(solvent_coating_adhesive_t_per_year=10))),
    (35, "simplified", P("2140", **q(water_coating_t_per_year=20))),
    (35, "simplified", P("2130", processes=["phosphating"])),
    (35, "registration", P("2130", **q(solvent_coating_adhesive_t_per_year=9, water_coating_t_per_year=19))),
    # 36 纸浆制造221: 全部
    (36, "key", P("2211")),
    (36, "key", P("2212", **OUT)),
    # 37 造纸222
    (37, "key", P("2221")),
    (37, "key", P("2222")),
    (37, "simplified", P("2223", features=["industrial_wastewater", "industrial_waste_gas"])),
    (37, "registration", P("2223", features=["industrial_wastewater"])),
    (37, "none", P("2223", **OUT)),
    # 38 纸制品制造223
    (38, "simplified", P("2231", features=["industrial_wastewater"])),
    (38, "simplified", P("2239", features=["industrial_waste_gas"])),
    (38, "registration", P("2239")),
    # 39 印刷231
    (39, "key", P("2311", on_key_discharger_list=True)),
    (39, "simplified", P("2319", **q(solvent_ink_coating_t_per_year=80))),
    (39, "simplified", P("2319", **q(solvent_diluent_t_per_year=10))),
    (39, "simplified", P("2312", features=["packaging_printing"], **q(solvent_ink_coating_t_per_year=90))),
    (39, "registration", P("2311", **q(solvent_ink_coating_t_per_year=100))),  # not 包装装潢印刷
    (39, "registration", P("2319", **q(solvent_ink_coating_t_per_year=79, solvent_diluent_t_per_year=9))),
    *gp_cases(40, "2320", star=True),
    *gp_cases(41, "2452", star=True),
    # 42 精炼石油产品制造251
    (42, "key", P("2511")),
    (42, "key", P("2519")),
    (42, "registration", P("2511", features=[MIX])),
    # 43 煤炭加工252
    (43, "key", P("2521")),
    (43, "key", P("2522")),
    (43, "key", P("2523")),
    (43, "registration", P("2524")),
    (43, "registration", P("2529")),
    *gp_cases(44, "2541", star=False),
    # 45 基础化学原料制造261
    (45, "key", P("2611")),
    (45, "key", P("2612")),
    (45, "key", P("2613")),
    (45, "key", P("2614")),
    (45, "key", P("2619", products=["sulfur"])),
    (45, "simplified", P("2613", features=[MIX])),
    (45, "simplified", P("2619", features=[MIX], products=["metal_oxides"])),
    (45, "registration", P("2619")),
    # 46 肥料制造262
    (46, "key", P("2621")),
    (46, "key", P("2622")),
    (46, "key", P("2624")),
    (46, "simplified", P("2623")),
    (46, "simplified", P("2625")),
    (46, "simplified", P("2629")),
    (46, "simplified", P("2621", features=[MIX])),
    (46, "registration", P("2624", features=[MIX])),
    # 47 农药制造263
    (47, "key", P("2631")),
    (47, "key", P("2632", processes=["fermentation"])),
    (47, "simplified", P("2631", features=[MIX])),
    (47, "simplified", P("2632")),
    # 48 涂料、油墨、颜料及类似产品制造264
    (48, "key", P("2641")),
    (48, "key", P("2643")),
    (48, "key", P("2645")),
    (48, "simplified", P("2641", features=[MIX])),
    (48, "simplified", P("2642", features=[MIX])),
    (48, "simplified", P("2646")),
    (48, "registration", P("2646", features=[MIX])),
    (48, "registration", P("2644", features=[MIX])),
    # 49 合成材料制造265
    (49, "key", P("2651")),
    (49, "key", P("2653")),
    (49, "key", P("2659", products=["special_fiber_composites"])),
    (49, "registration", P("2659")),
    # 50 专用化学产品制造266
    (50, "key", P("2661")),
    (50, "key", P("2662")),
    (50, "key", P("2663", processes=["pyrolysis"])),
    (50, "key", P("2663", processes=["hydrolysis"])),
    (50, "simplified", P("2663")),
    (50, "simplified", P("2666")),
    (50, "simplified", P("2669")),
    (50, "registration", P("2661", features=[MIX])),
    *gp_cases(51, "2672", star=False),
    # 52 日用化学产品制造268
    (52, "key", P("2681", products=["soap_from_oils"])),
    (52, "key", P("2684", products=["fragrances"])),
    (52, "simplified", P("2681", processes=["spray_tower_powder"])),
    (52, "simplified", P("2684", processes=["thermal_reaction"])),
    (52, "registration", P("2681")),
    (52, "registration", P("2682")),
    (52, "registration", P("2683")),
    (52, "registration", P("2684")),
    (52, "registration", P("2689")),
    (52, "registration", P("2681", products=["soap_from_oils"], features=[MIX])),
    # 53 化学药品原料药制造271: 全部
    (53, "key", P("2710")),
    # 54 化学药品制剂制造272
    (54, "key", P("2720")),
    (54, "registration", P("2720", features=[MIX])),
    *gp_cases(55, "2730", star=True),
    # 56 中成药生产274
    (56, "simplified", P("2740", processes=["extraction"])),
    (56, "registration", P("2740")),
    (56, "none", P("2740", **OUT)),
    # 57 兽用药品制造275
    (57, "key", P("2750")),
    (57, "registration", P("2750", features=[MIX])),
    # 58 生物药品制品制造276
    (58, "key", P("2761")),
    (58, "key", P("2762")),
    (58, "registration", P("2761", features=[MIX])),
    # 59 卫生材料及医药用品制造277
    (59, "registration", P("2770")),
    # 60 化学纤维制造28x
    (60, "key", P("2811")),
    (60, "key", P("2812")),
    (60, "key", P("2822")),
    (60, "key", P("2826")),
    (60, "key", P("2829")),
    (60, "key", P("2831", products=["lyocell"])),
    (60, "registration", P("2825")),
    (60, "registration", P("2831")),
    (60, "registration", P("2832")),
    # 61 橡胶制品业291
    (61, "key", P("2913", on_key_discharger_list=True)),
    (61, "simplified", P("2911")),
    (61, "simplified", P("2912", **q(rubber_consumption_t_per_year=2000))),
    (61, "simplified", P("2919", **q(rubber_consumption_t_per_year=2500))),
    (61, "registration", P("2913", **q(rubber_consumption_t_per_year=1999))),
    # 62 塑料制品业292
    (62, "key", P("2925")),
    (62, "simplified", P("2924", **q(plastic_products_t_per_year=10000))),
    (62, "simplified", P("2921", processes=["modification"], **q(plastic_products_t_per_year=10000))),
    (62, "simplified", P("2929", processes=["modification"], **q(plastic_products_t_per_year=12000))),
    (62, "registration", P("2922", **q(plastic_products_t_per_year=50000))),  # no 改性
    (62, "registration", P("2924", **q(plastic_products_t_per_year=9999))),
    (62, "registration", P("2927", processes=["modification"], **q(plastic_products_t_per_year=9999))),
    # 63 水泥、石灰和石膏制造301，石膏、水泥制品及类似制品制造302
    (63, "key", P("3011", processes=["clinker_production"])),
    (63, "simplified", P("3011")),  # 水泥粉磨站
    (63, "simplified", P("3011", features=["cement_grinding_station"])),
    (63, "simplified", P("3012")),
    (63, "registration", P("3021")),
    (63, "registration", P("3022")),
    (63, "registration", P("3029")),
    # 64 砖瓦、石材等建筑材料制造303
    (64, "key", P("3031", furnaces=[{"kind": "kiln", "energy": "coal"}])),
    (64, "key", P("3031", furnaces=[{"kind": "kiln", "energy": "coal_gangue"}])),
    (64, "simplified", P("3031", furnaces=[{"kind": "kiln", "energy": "gas"}])),
    (64, "simplified", P("3032")),
    (64, "simplified", P("3039")),
    (64, "registration", P("3032", features=["cutting_only"])),
    # 65 玻璃制造304
    (65, "key", P("3041")),
    (65, "simplified", P("3042")),
    (65, "registration", P("3049")),
    # 66 玻璃制品制造305
    (66, "key", P("3054", furnaces=[{"kind": "melting", "energy": "coal"}])),
    (66, "key", P("3054", furnaces=[{"kind": "melting", "energy": "petroleum_coke"}])),
    (66, "key", P("3055", furnaces=[{"kind": "melting", "energy": "oil"}])),
    (66, "key", P("3051", furnaces=[{"kind": "melting", "energy": "producer_gas"}])),
    (66, "simplified", P("3054", furnaces=[{"kind": "melting", "energy": "gas"}])),
    (66, "registration", P("3054")),
    (66, "registration", P("3057")),
    # 67 玻璃纤维和玻璃纤维增强塑料制品制造306
    (67, "key", P("3061", furnaces=[{"kind": "melting", "energy": "oil"}])),
    (67, "simplified", P("3061", furnaces=[{"kind": "melting", "energy": "gas"}])),
    (67, "registration", P("3062")),
    # 68 陶瓷制品制造307
    (68, "key", P("3071", furnaces=[{"kind": "kiln", "energy": "coal"}])),
    (68, "key", P("3072", **q(ceramics_pieces_per_year=1_500_000))),
    (68, "key", P("3074", **q(ceramics_pieces_per_year=2_500_000))),
    (68, "simplified", P("3071", furnaces=[{"kind": "kiln", "energy": "gas"}])),
    (68, "registration", P("3071")),
    (68, "registration", P("3072", **q(ceramics_pieces_per_year=1_499_999))),
    (68, "registration", P("3074", **q(ceramics_pieces_per_year=2_499_999))),
    (68, "registration", P("3073")),
    (68, "registration", P("3075")),
    (68, "registration", P("3079")),
    # 69 耐火材料制品制造308
    (69, "key", P("3081")),
    (69, "simplified", P("3089", furnaces=[{"kind": "kiln", "energy": "coal"}])),
    (69, "simplified", P("3082", furnaces=[{"kind": "kiln", "energy": "producer_gas"}])),
    (69, "registration", P("3089")),
    (69, "registration", P("3082")),
    # 70 石墨及其他非金属矿物制品制造309
    (70, "key", P("3091", products=["graphite_products"])),
    (70, "key", P("3091", products=["carbon_new_materials"])),
    (70, "key", P("3099", products=["polysilicon_rods"])),
    (70, "simplified", P("3091")),
    (70, "simplified", P("3099", products=["monosilicon_rods"])),
    (70, "simplified", P("3099", products=["asphalt_mixture"])),
    (70, "registration", P("3099")),
    # 71 炼铁311, 72 炼钢312: 重点 only
    (71, "key", P("3110")),
    (72, "key", P("3120")),
    # 73 钢压延加工313
    (73, "key", P("3130", processes=["cold_rolling"], **q(cold_rolled_t_per_year=500000))),
    (73, "simplified", P("3130", processes=["hot_rolling"])),
    (73, "simplified", P("3130", processes=["cold_rolling"], **q(cold_rolled_t_per_year=499999))),
    (73, "registration", P("3130")),
    # 74 铁合金冶炼314
    (74, "key", P("3140")),
    # 75 常用有色金属冶炼321
    (75, "key", P("3211")),
    (75, "key", P("3212")),
    (75, "key", P("3216")),
    (75, "key", P("3217")),
    (75, "key", P("3219")),  # 汞、钛等
    (75, "registration", P("3218")),  # 硅冶炼 is not among those listed
    # 76 贵金属冶炼322, 77 稀有稀土金属冶炼323
    (76, "key", P("3221")),
    (76, "key", P("3222")),
    (76, "key", P("3229")),
    (77, "key", P("3231")),
    (77, "key", P("3232")),
    (77, "key", P("3239")),
    # 78 有色金属合金制造324
    (78, "key", P("3240", products=["lead_based_alloys"])),
    (78, "key", P("3240", **q(alloys_t_per_year=20000))),
    (78, "simplified", P("3240", **q(alloys_t_per_year=19999))),
    # 79 有色金属压延加工325
    (79, "simplified", P("3252", processes=["rolling"])),
    (79, "simplified", P("3251", processes=["annealing"])),
    (79, "registration", P("3251")),
    *gp_cases(80, "3311", star=True),
    *gp_cases(80, "3393", star=True),
    # 81 金属表面处理及热处理加工336
    (81, "key", P("3360", on_key_discharger_list=True)),
    (81, "key", P("3360", features=["professional_electroplating"])),
    (81, "key", P("3360", features=["electroplating_wastewater_centre"])),
    (81, "key", P("3360", processes=["electroplating"])),
    (81, "key", P("3360", processes=["chemical_plating"])),  # 注4
    (81, "key", P("3360", processes=["anodizing"])),  # 注4
    (81, "key", P("3360", processes=["chromium_passivation"])),
    (81, "simplified", P("3360", processes=["pickling"])),
    (81, "simplified", P("3360", processes=["polishing"])),
    (81, "simplified", P("3360", processes=["electrolytic_polishing"])),
    (81, "simplified", P("3360", processes=["chemical_polishing"])),
    (81, "simplified", P("3360", processes=["hot_dip_solvent"])),
    (81, "simplified", P("3360", processes=["quenching"])),
    (81, "simplified", P("3360", processes=["chromium_free_passivation"])),
    (81, "simplified", P("3360", **q(organic_solvent_t_per_year=10))),
    (81, "registration", P("3360", processes=["mechanical_polishing"], **q(organic_solvent_t_per_year=9.9))),
    (81, "registration", P("3360", processes=["hot_dip"])),
    (81, "registration", P("3360")),
    # 82 铸造及其他金属制品制造339 (黑色金属铸造3391, 有色金属铸造3392)
    (82, "key", P("3391", furnaces=[{"kind": "cupola", "energy": "coal"}])),
    (82, "key", P("3392", products=["lead_castings"])),
    (82, "simplified", P("3391", furnaces=[{"kind": "melting", "energy": "electric"}])),
    (82, "simplified", P("3392")),
    *gp_cases(83, "3411", star=False),
    *gp_cases(84, "3511", star=False),
    # 85 汽车制造业36x
    (85, "key", P("3670", on_key_discharger_list=True)),
    (85, "simplified", P("3611")),  # 汽车整车制造, whatever its coating use
    (85, "simplified", P("3670", **q(solvent_coating_adhesive_t_per_year=10))),
    (85, "simplified", P("3660", **q(solvent_coating_adhesive_t_per_year=[3, 11, 9]))),
    (85, "registration", P("3670", **q(solvent_coating_adhesive_t_per_year=9.99))),
    # 86 铁路、船舶、航空航天和其他运输设备制造37x
    (86, "key", P("3731", on_key_discharger_list=True)),
    (86, "simplified", P("3731", **q(solvent_coating_adhesive_t_per_year=10))),
    (86, "simplified", P("C3734", **q(solvent_coating_adhesive_t_per_year=[9.5, 12.0, 8.0]))),
    (86, "registration", P("3731", **q(solvent_coating_adhesive_t_per_year=9.99))),
    (86, "registration", P("3761")),
    *gp_cases(87, "3811", star=False),
    # 88 电池制造384
    (88, "key", P("3843")),
    (88, "simplified", P("3841")),
    (88, "simplified", P("3842")),
    (88, "simplified", P("3844")),
    (88, "simplified", P("3849")),
    # 89 计算机、电子器件…39x
    (89, "key", P("3973", on_key_discharger_list=True)),
    (89, "simplified", P("3982", **q(solvent_coating_t_per_year=10))),
    (89, "simplified", P("3990", **q(solvent_coating_adhesive_t_per_year=12))),
    (89, "registration", P("3982", **q(solvent_coating_t_per_year=9))),
    *gp_cases(90, "3921", star=False),
    *gp_cases(91, "4011", star=False),
    *gp_cases(92, "4119", star=True),
    # 93 废弃资源综合利用业42x
    (93, "key", P("4210", products=["waste_batteries"])),
    (93, "key", P("4220", products=["waste_oil"])),
    (93, "key", P("4220", products=["waste_tyres"])),
    (93, "simplified", P("4210", products=["waste_ships"])),
    (93, "simplified", P("4210", products=["waste_vehicles"])),
    (93, "simplified", P("4220", products=["waste_plastics"])),
    (93, "simplified", P("4220", processes=["water_washing"])),
    (93, "registration", P("4210")),
    *gp_cases(94, "4342", star=True),
    # 95 电力生产441
    (95, "key", P("4411")),
    (95, "key", P("4412")),
    (95, "key", P("4417", products=["msw_power"])),
    (95, "key", P("4417", products=["sludge_power"])),
    (95, "simplified", P("4417", products=["agri_forestry_biomass_power"])),
    (95, "simplified", P("4417", products=["biogas_power"])),
    (95, "simplified", P("4417", products=["landfill_gas_power"])),
    (95, "none", P("4415")),  # wind: no column of row 95 describes it
    # 96 热力生产和供应443
    (96, "key", P("4430", boilers=[{"capacity_t_per_h": 20, "fuel": "coal"}])),
    (
        96,
        "key",
        P("4430", boilers=[{"capacity_t_per_h": 10, "fuel": "gas"}, {"capacity_t_per_h": 10, "fuel": "gas"}]),
    ),
    (96, "key", P("4430", boilers=[{"capacity_mw": 14, "fuel": "biomass"}])),
    (96, "simplified", P("4430", boilers=[{"capacity_t_per_h": 19.9, "fuel": "coal"}])),
    (96, "simplified", P("4430", boilers=[{"capacity_t_per_h": 1.5, "fuel": "gas"}])),
    (
        96,
        "simplified",
        P(
            "4430",
            boilers=[{"capacity_t_per_h": 0.5, "fuel": "gas"}, {"capacity_t_per_h": 0.5, "fuel": "oil"}],
        ),
    ),
    (96, "registration", P("4430", boilers=[{"capacity_t_per_h": 1, "fuel": "gas"}])),
    (
        96,
        "registration",
        P("4430", boilers=[{"capacity_mw": 0.35, "fuel": "gas"}, {"capacity_mw": 0.35, "fuel": "gas"}]),
    ),
    (96, "none", P("4430", boilers=[{"capacity_t_per_h": 30, "fuel": "electric"}])),
    *gp_cases(97, "4511", star=False),
    *gp_cases(98, "4610", star=False),
    # 99 污水处理及其再生利用462
    (99, "key", P("4620", features=["industrial_wastewater_centre"], water_treatment_t_per_day=3000)),
    (99, "key", P("4620", features=["urban_sewage_centre"], water_treatment_t_per_day=20000)),
    (99, "simplified", P("4620", features=["urban_sewage_centre"], water_treatment_t_per_day=500)),
    (99, "simplified", P("4620", features=["urban_sewage_centre"], water_treatment_t_per_day=19999)),
    (99, "registration", P("4620", features=["urban_sewage_centre"], water_treatment_t_per_day=499)),
    # 100 汽车、摩托车、零配件和燃料及其他动力销售526
    (100, "simplified", P("5265", features=["in_urban_built_up_area"])),
    (100, "simplified", P("5264", features=["gas_station", "in_urban_built_up_area"])),
    (100, "registration", P("5265")),
    (100, "none", P("5261")),
    # 101 水上运输辅助活动553
    (101, "simplified", P("5532", features=["bulk_terminal"], **q(berth_tonnage_class_t=10000))),
    (
        101,
        "simplified",
        P("5532", features=["bulk_terminal", "inland_terminal"], **q(berth_tonnage_class_t=1000)),
    ),
    (101, "registration", P("5532", features=["bulk_terminal"], **q(berth_tonnage_class_t=9999))),
    (101, "registration", P("5532")),
    (101, "none", P("5531")),
    # 102 危险品仓储594
    (102, "key", P("5941", **q(oil_depot_capacity_m3=100000))),
    (102, "simplified", P("5941", **q(oil_depot_capacity_m3=10000))),
    (102, "simplified", P("5949", features=["oil_depot"], **q(oil_depot_capacity_m3=99999))),
    (102, "registration", P("5941", **q(oil_depot_capacity_m3=9999))),
    (102, "registration", P("5942")),
    (102, "none", P("5941", features=["reserve_oil_depot"], **q(oil_depot_capacity_m3=200000))),
    # 103 环境治理业772
    (103, "key", P("7724")),
    (103, "key", P("7729", features=["hazardous_waste_facility"])),
    (103, "key", P("7723", features=["industrial_solid_waste_facility"])),
    (103, "none", P("7721")),
    # 104 环境卫生管理782
    (104, "key", P("7820", features=["msw_or_sludge_incineration"])),
    (104, "key", P("7820", features=["msw_or_sludge_landfill"])),
    (104, "simplified", P("7820", features=["msw_or_sludge_other_treatment"])),
    (104, "simplified", P("7820", features=["night_soil_treatment"], **q(night_soil_t_per_day=50))),
    (104, "simplified", P("7820", features=["waste_transfer_station"], **q(waste_transfer_t_per_day=150))),
    (104, "registration", P("7820", features=["night_soil_treatment"], **q(night_soil_t_per_day=49))),
    (104, "registration", P("7820", features=["waste_transfer_station"], **q(waste_transfer_t_per_day=149))),
    # 105 殡葬服务808
    (105, "simplified", P("8080", features=["crematorium"])),
    (105, "none", P("8080")),
    # 106 汽车、摩托车等修理与维护811
    (106, "simplified", P("8111", processes=["coating"], **q(business_area_m2=5000))),
    # under 5000 m², the coating line is still a surface treatment: 登记 under row 111, not row 106
    (111, "registration", P("8111", processes=["coating"], **q(business_area_m2=4999))),
    (106, "none", P("8111", **q(business_area_m2=8000))),
    # 107 医院841，专业公共卫生服务843
    (107, "key", P("8411", **q(beds=500))),
    (107, "key", P("8415", **q(beds=800))),
    (107, "simplified", P("8415", features=["psychiatric_or_rehab_hospital"], **q(beds=800))),
    (107, "simplified", P("8416", **q(beds=600))),
    (107, "simplified", P("8416", **q(beds=100))),
    (107, "simplified", P("8411", **q(beds=100))),
    (107, "simplified", P("8412", **q(beds=499))),
    (107, "registration", P("8431")),
    (107, "registration", P("8411", **q(beds=99))),
    (107, "registration", P("8416", **q(beds=99))),
    # 108 除1-107外的其他行业 (article 7 in detail: test_articles.py)
    (108, "key", P("5411", annual_emissions_t={"NOx": 251})),
    (108, "key", P("5411", **GP_KEY)),
    (108, "simplified", P("5411", **GP_SIMPLIFIED)),
    (108, "registration", P("5411", boilers=[{"capacity_t_per_h": 2, "fuel": "gas"}])),
    (108, "none", P("5411")),
    # 109 锅炉
    (109, "key", P(on_key_discharger_list=True, boilers=[{"capacity_t_per_h": 1, "fuel": "gas"}])),
    (109, "simplified", P(boilers=[{"capacity_t_per_h": 20, "fuel": "gas"}])),
    (109, "simplified", P(boilers=[{"capacity_mw": 14, "fuel": "oil"}])),
    (
        109,
        "simplified",
        P(boilers=[{"capacity_t_per_h": 12, "fuel": "coal"}, {"capacity_t_per_h": 8, "fuel": "gas"}]),
    ),
    (109, "registration", P(boilers=[{"capacity_t_per_h": 19.9, "fuel": "coal"}])),
    (109, "registration", P(boilers=[{"capacity_t_per_h": 0.5, "fuel": "gas"}])),
    (
        109,
        "registration",
        P(boilers=[{"capacity_t_per_h": 4, "fuel": "biomass"}, {"capacity_t_per_h": 30, "fuel": "electric"}]),
    ),
    (109, "none", P(boilers=[{"capacity_t_per_h": 30, "fuel": "electric"}])),
    # 110 工业炉窑
    (110, "key", P(on_key_discharger_list=True, furnaces=[{"kind": "heating", "energy": "electric"}])),
    (110, "simplified", P(furnaces=[{"kind": "heating", "energy": "coal"}])),
    (110, "simplified", P(furnaces=[{"kind": "melting", "energy": "gas"}])),
    (
        110,
        "simplified",
        P(furnaces=[{"kind": "drying", "energy": "gas"}, {"kind": "other", "energy": "electric"}]),
    ),
    (110, "registration", P(furnaces=[{"kind": "heating", "energy": "gas"}])),
    (110, "registration", P(furnaces=[{"kind": "heat_treatment", "energy": "electric"}])),
    (110, "registration", P(furnaces=[{"kind": "drying", "energy": "gas"}])),
    # 111 表面处理
    (111, "key", P(on_key_discharger_list=True, processes=["spray_coating"])),
    (111, "simplified", P(processes=["electroplating"])),
    (111, "simplified", P(processes=["anodizing"])),
    (111, "simplified", P(processes=["pickling"])),
    (111, "simplified", P(processes=["polishing"])),
    (111, "simplified", P(processes=["hot_dip_solvent"])),
    (111, "simplified", P(processes=["quenching"])),
    (111, "simplified", P(processes=["chromium_passivation"])),
    (111, "simplified", P(processes=["chromium_free_passivation"])),
    (111, "simplified", P(**q(organic_solvent_t_per_year=10))),
    (111, "registration", P(processes=["spray_coating"])),
    (111, "registration", P(processes=["sand_blasting"])),
    (111, "registration", P(processes=["hot_dip"], **q(organic_solvent_t_per_year=9))),
    (111, "none", P(processes=["welding"], **q(organic_solvent_t_per_year=9))),
    # 112 水处理
    (112, "key", P(on_key_discharger_list=True, water_treatment_t_per_day=100)),
    (112, "simplified", P(water_treatment_t_per_day=20000)),
    (112, "registration", P(water_treatment_t_per_day=500)),
    (112, "registration", P(water_treatment_t_per_day=19999)),
    (112, "none", P(water_treatment_t_per_day=499)),
]


def _id(case: tuple[int, str, dict[str, Any]]) -> str:
    row, cls, profile = case
    return f"{row:03d}-{cls}-{'+'.join(profile.get('industry_codes', [])) or 'nocode'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_row(case: tuple[int, str, dict[str, Any]]) -> None:
    row, expected, profile = case
    result = classify(profile, on=ON)
    assert result.class_ == expected, [d.describe() for d in result.decisions]
    if expected == "none":
        assert not any(d.row == row for d in result.decisions)
    else:
        deciding = [d for d in result.decisions if d.decisive]
        assert any(d.row == row and d.column == expected for d in deciding), [d.describe() for d in deciding]


def test_every_row_and_every_class_it_has_is_covered() -> None:
    """Guard for this file: each of the 112 rows has a case for each class its text gives it."""
    from ecopermit.catalog.editions import edition

    covered = {(row, cls) for row, cls, _ in CASES}
    for raw in edition("2019").rows:
        for column, cell in raw["columns"].items():
            if cell is not None:
                assert (raw["no"], column) in covered, f"row {raw['no']} {column} has no case"


def test_general_process_references_give_a_general_process_permit() -> None:
    """Rows 1–107 whose class comes only from 涉及通用工序… need a permit for the general process only."""
    result = classify(P("3411", **GP_SIMPLIFIED), on=ON)
    assert (result.class_, result.permit_scope) == ("simplified", "general_process")
    assert {(d.row, d.criterion) for d in result.deciding} == {
        (83, "涉及通用工序简化管理的"),
        (109, "除纳入重点排污单位名录的，单台或者合计出力20吨/小时（14兆瓦）及以上的锅炉（不含电热锅炉）"),
    }


def test_criterion_is_quoted_as_printed() -> None:
    result = classify({"industry_codes": ["3360"], "processes": ["electroplating"]}, on=ON)
    first = result.to_json()["decisions"][0]
    assert (first["row"], first["column"], first["criterion"]) == (81, "key", "有电镀工序的")
    assert result.deciding[0].describe() == "重点管理 — 名录第81类 金属表面处理及热处理加工336：有电镀工序的"
