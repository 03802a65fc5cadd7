"""S6: the industry remediation guides (plan 二(二)2: 船舶修造、水产加工、金属铸造、金属表面处理 and 机械加工、砂石料场、
塑橡制品), one data file per industry in ``guides/``: its text, its sources and the checklist an enterprise works
through itself (自查). Read once; pure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str
    basis: str


@dataclass(frozen=True)
class IndustryGuide:
    order: int
    code: str
    name: str
    industry_prefixes: tuple[str, ...]
    summary: str
    note: str
    sources: tuple[str, ...]
    items: tuple[ChecklistItem, ...]

    def item(self, code: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.code == code), None)


@cache
def all_guides() -> tuple[IndustryGuide, ...]:
    found = []
    for entry in resources.files("ecopermit.assistance").joinpath("guides").iterdir():
        if not entry.name.endswith(".json"):
            continue
        raw = json.loads(entry.read_text(encoding="utf-8"))
        found.append(
            (
                raw["order"],
                IndustryGuide(
                    order=raw["order"],
                    code=raw["code"],
                    name=raw["name"],
                    industry_prefixes=tuple(raw["industry_prefixes"]),
                    summary=raw["summary"],
                    note=raw.get("note", ""),
                    sources=tuple(raw.get("sources", ())),
                    items=tuple(
                        ChecklistItem(i["code"], i["text"], i.get("basis", "")) for i in raw["items"]
                    ),
                ),
            )
        )
    return tuple(g for _order, g in sorted(found, key=lambda pair: pair[0]))


def guide(code: str) -> IndustryGuide | None:
    return next((g for g in all_guides() if g.code == code), None)


def guide_by_order(order: int) -> IndustryGuide | None:
    """The guide by its place in the list (its URL)."""
    return next((g for g in all_guides() if g.order == order), None)


def guides_for_industry(industry_code: str) -> list[IndustryGuide]:
    """The guides whose GB/T 4754 prefixes the facility's industry code starts with."""
    return [g for g in all_guides() if any(industry_code.startswith(p) for p in g.industry_prefixes)]
