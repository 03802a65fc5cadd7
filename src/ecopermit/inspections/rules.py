"""Pure rules of 双随机、一公开 and inspection records: pool categories, plan defaults, checklists, the
publication deadline. No database here (DESIGN rule 4)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any

from ecopermit.core import workdays
from ecopermit.inspections import draw

#: 抽查检查结果 are published within 20 working days of being produced (国发〔2019〕5号 — regulations-notes §7,
#: tagged [M] there: the rule is the one the issue asks for; the figure is data here so a district can change it).
PUBLICATION_WORKING_DAYS = 20

#: How far back an inspection finding makes a facility a special-supervision object (project default: one year).
RECENT_VIOLATION_DAYS = 365

#: General units drawn by staff ratio: 在编在岗执法人员 : 被抽查单位 = 1:10 per year at county level
#: (Guangdong 2016 落实方案; Wuhan Jianghan 2025 — regulations-notes §7).
UNITS_PER_STAFF_PER_YEAR = 10
GENERAL_CATEGORIES = ("simplified", "registration")

#: Key units: 重点排污单位 and, by project choice, 重点管理 permit holders (regulations-notes §7).
KEY_CATEGORIES = ("key_discharger", "key")

#: The floor of key units, per quarter at county level: "重点排污单位 县级 每季度不少于25%" (Guangdong 2016 落实方案,
#: following 环办〔2015〕88号; Chizhou 2019 "each quarter ≥25% of key units"; Jiangxi a-class "县级 ≥25%/quarter,
#: all a-class at least once a year" — regulations-notes §7). Four quarters of 25% are every key unit once a year:
#: a yearly plan draws them all, quarterly plans draw the key units not yet drawn this year first (draw step 5).
#: No credit factor and no plan setting goes below it: the source states a minimum (不少于).
KEY_FLOOR_PER_QUARTER = Fraction(1, 4)

SOURCES: dict[str, str] = {
    "key_discharger": "重点排污单位县级每季度不少于25%（广东2016年落实方案，依环办〔2015〕88号；池州2019），"
    "全年每家至少抽查一次（江西a类）：信用系数不得使其低于此下限",
    "key": "重点管理排污许可单位按重点排污单位比例及下限（本项目决定，§7未见单独规定）",
    "simplified": "一般排污单位每季度5%（池州2019）；或按执法人员1:10每年（广东2016县级；武汉江汉2025）",
    "registration": "同简化管理（一般排污单位）",
    "special": "特殊监管对象每季度不低于15%（池州2019），且不低于任何类别的比例，信用系数只升不降："
    "88号文要求对特殊监管对象提高抽查频次（本项目据此决定）",
    "credit_factors": "信用好的少查、差的多查（试点方案）；系数为本项目默认值，资料未给出数值，可按计划调整",
}


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The quarter or year containing ``day``."""
    if kind == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = dt.date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, end - dt.timedelta(days=1)


def period_code(kind: str, start: dt.date) -> str:
    return f"{start.year}" if kind == "year" else f"{start.year}Q{(start.month - 1) // 3 + 1}"


def default_ratios(kind: str) -> dict[str, str]:
    """Per-category ratios for a plan of one quarter or one year (a yearly plan takes four quarters' worth)."""
    periods = 4 if kind == "year" else 1
    return {k: str(min(Fraction(1), v * periods)) for k, v in draw.DEFAULT_RATIOS.items()}


def default_credit_factors() -> dict[str, str]:
    return {k: str(v) for k, v in draw.DEFAULT_CREDIT_FACTORS.items()}


def effective_ratios(
    ratios: dict[str, Any], *, kind: str, staff_count: int | None, pool_sizes: dict[str, int]
) -> dict[str, str]:
    """The ratios the draw uses: when the plan names its enforcement staff, general units are drawn by the staff
    ratio (1:10 per year, spread over the periods of the year) instead of their per-category ratio.

    特殊监管对象 are checked MORE, never less (88号文: 提高抽查频次, regulations-notes §7): their ratio is the
    plan's special ratio or the highest ratio of any category, whichever is higher. Chizhou's 15% for special
    objects sits below its own 25% for key units, so a key unit with an open case would otherwise drop from 25%
    to 15%; one stratum at the highest rate keeps every special object at or above the rate of its permit class."""
    out = {k: str(Fraction(str(v))) for k, v in ratios.items()}
    if staff_count:
        general = sum(pool_sizes.get(c, 0) for c in GENERAL_CATEGORIES)
        share = draw.staff_ratio(staff_count, general, UNITS_PER_STAFF_PER_YEAR, 1 if kind == "year" else 4)
        for c in GENERAL_CATEGORIES:
            out[c] = str(share)
    if "special" in out:
        out["special"] = str(max(Fraction(v) for v in out.values()))
    return out


def key_floor(kind: str) -> Fraction:
    """The key units' floor for a plan of one quarter (25%) or one year (4 × 25% = every key unit)."""
    return min(Fraction(1), KEY_FLOOR_PER_QUARTER * (4 if kind == "year" else 1))


def floors(effective: dict[str, str], *, kind: str) -> dict[str, str]:
    """The minimum effective ratio per category, below which no credit factor may go (draw step 4): the key
    floor for key units; for special objects their (lifted) ratio itself, so a good credit record never makes a
    special object checked less than its category (信用好的少查 applies to ordinary units only)."""
    out = {c: str(key_floor(kind)) for c in KEY_CATEGORIES if c in effective}
    if "special" in effective:
        out["special"] = effective["special"]
    return out


def periods_left(kind: str, start: dt.date) -> int:
    """Draws left in the year, this one included: 1 for a yearly plan, 4 − (quarter − 1) for a quarter."""
    return 1 if kind == "year" else 4 - (start.month - 1) // 3


def below_floor(ratios: dict[str, Any], kind: str) -> list[str]:
    """The key categories whose configured ratio is below the key floor (a plan may not set them lower)."""
    floor = key_floor(kind)
    return [c for c in KEY_CATEGORIES if c in ratios and Fraction(str(ratios[c])) < floor]


def is_key_unit(f: FacilityFacts) -> bool:
    """A key unit for the floor: on the key-discharger list, or a 重点管理 permit holder."""
    return f.on_key_list or f.management_class == "key"


def parse_ratio(value: Any, what: str) -> Fraction:
    """A ratio as typed by an officer: "25%", "1/4", "0.25"; must lie in [0, 1]."""
    text = str(value).strip().replace("％", "%")
    try:
        ratio = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"{what}：“{value}”不是有效的比例（例如 25%、1/4 或 0.25）") from exc
    if not 0 <= ratio <= 1:
        raise ValueError(f"{what}：比例须在 0 到 100% 之间，实为“{value}”")
    return ratio


# --- The object pool -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityFacts:
    on_key_list: bool
    management_class: str
    open_case: bool
    recent_findings: int
    complaints: int = 0
    manual_special: str = ""


FREQUENT_COMPLAINTS = (
    3  # project default: three complaints in a year make a facility "frequently complained of"
)


def pool_category(f: FacilityFacts) -> tuple[str, list[str]] | None:
    """The pool category of a facility and why; ``None`` when it is outside the pool (outside the catalog).
    Special supervision wins over the permit class: such objects are checked more often."""
    special: list[str] = []
    if f.recent_findings:
        special.append(f"近一年检查发现违法问题 {f.recent_findings} 项")
    if f.complaints >= FREQUENT_COMPLAINTS:
        special.append(f"近一年信访投诉 {f.complaints} 次")
    if f.open_case:
        special.append("存在未办结的整改案件")
    if f.manual_special:
        special.append(f.manual_special)
    if special:
        return "special", special
    if f.on_key_list:
        return "key_discharger", ["列入重点排污单位名录"]
    if f.management_class == "key":
        return "key", ["排污许可重点管理"]
    if f.management_class == "simplified":
        return "simplified", ["排污许可简化管理"]
    if f.management_class == "registration":
        return "registration", ["排污登记管理"]
    if f.management_class == "unknown":
        return "registration", ["尚未分类，暂按一般排污单位"]
    return None


# --- Checklists (一单) -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItemData:
    code: str
    checklist: str
    position: int
    text: str
    legal_basis: str
    finding_kind: str


@dataclass(frozen=True)
class Checklist:
    key: str
    name: str
    industry_prefixes: tuple[str, ...]
    items: tuple[ChecklistItemData, ...]


@functools.cache
def checklists() -> dict[str, Checklist]:
    out: dict[str, Checklist] = {}
    folder = resources.files("ecopermit.inspections.checklists")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        key = data["key"]
        items = tuple(
            ChecklistItemData(i["code"], key, n, i["text"], i["legal_basis"], i["finding_kind"])
            for n, i in enumerate(data["items"], 1)
        )
        out[key] = Checklist(key, data["name"], tuple(data["industry_prefixes"]), items)
    return out


def checklist_for_industry(codes: Iterable[str]) -> str:
    """The industry checklist for a facility's industry codes (main code first), "general" if none fits.
    The longest matching prefix wins."""
    best = ("", "general")
    for code in codes:
        for cl in checklists().values():
            for prefix in cl.industry_prefixes:
                if code.startswith(prefix) and len(prefix) > len(best[0]):
                    best = (prefix, cl.key)
        if best[0]:
            return best[1]
    return "general"


def checklist_keys_for(checklist: str) -> list[str]:
    """The checklists an inspection walks: the general one, then its industry's."""
    return ["general"] if checklist == "general" else ["general", checklist]


# --- Publication ---------------------------------------------------------------------------------------------


def publication_deadline(produced: dt.date, calendar: workdays.Calendar | None = None) -> dt.date | None:
    """The last day to publish a result produced on ``produced``: 20 working days later (the day itself not
    counted). ``None`` when the calendar does not cover the period yet (next year's holidays unpublished): the
    deadline is then unknown rather than guessed, and the screens say so."""
    try:
        return workdays.add_working_days(produced, PUBLICATION_WORKING_DAYS, calendar)
    except workdays.CalendarCoverageError:
        return None
