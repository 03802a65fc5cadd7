"""Fine ranges of the 《排污许可管理条例》 (国务院令第736号) penalty articles, and the range check.

Data: ``articles.json`` (loaded once, read-only). Source: research notes
``shared/reference/regulations-notes.md`` §2 [V], item wording checked against the statute text in the
notes' primary source. No database, no settings (DESIGN rule 4).

Interpretation choices:
- Bounds are inclusive: "处20万元以上100万元以下" — in Chinese legal usage 以上/以下 include the number itself
  (《刑法》第九十九条 states this convention; administrative practice follows it).
- Art. 37 "处每次5千元以上2万元以下": the allowed total is ``[5000 × n, 20000 × n]`` for ``n`` occurrences.
- Art. 43 "可以处5万元以下": minimum 0 (the fine is discretionary), maximum 50,000.
- Art. 35 has a second range for 情节严重 (20万–100万); pass ``serious=True`` to check against it.
- Arts. 38 (按日连续处罚, see ``daily``) and 44 (拘留) have no fine range: ``check_fine`` raises
  ``NoFineRangeError`` for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_FILE = Path(__file__).with_name("articles.json")


class NoFineRangeError(ValueError):
    """The article sets no fine range (art. 38 daily penalty, art. 44 detention)."""


@dataclass(frozen=True)
class Item:
    no: int
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class Detention:
    law: str
    min_days: int
    max_days: int
    minor_min_days: int
    minor_max_days: int


@dataclass(frozen=True)
class FineRange:
    kind: str  # "range" | "per_occurrence" | "up_to" | "daily" | "none"
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass(frozen=True)
class Article:
    no: int
    label_zh: str  # 第三十三条
    title_zh: str
    items: tuple[Item, ...]
    fine: FineRange
    serious_fine: FineRange | None
    measures: tuple[str, ...]
    serious_measures: tuple[str, ...]
    serious_note: str | None
    bar_years: int | None
    detention: Detention | None
    notes_marker: str  # V / S / M, as in the research notes

    @property
    def has_fine_range(self) -> bool:
        return self.fine.kind in {"range", "per_occurrence", "up_to"}


@dataclass(frozen=True)
class FineCheck:
    ok: bool
    minimum: Decimal
    maximum: Decimal
    message_zh: str


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _range(raw: dict[str, Any]) -> FineRange:
    return FineRange(kind=raw["kind"], minimum=_dec(raw.get("min")), maximum=_dec(raw.get("max")))


def _build(raw: dict[str, Any]) -> Article:
    det = raw.get("detention")
    return Article(
        no=raw["no"],
        label_zh=raw["source"]["article"],
        title_zh=raw["title_zh"],
        items=tuple(Item(i["no"], i["text_zh"], i["text_en"]) for i in raw["items"]),
        fine=_range(raw["fine"]),
        serious_fine=_range(raw["serious_fine"]) if raw.get("serious_fine") else None,
        measures=tuple(raw["measures"]),
        serious_measures=tuple(raw["serious_measures"]),
        serious_note=raw.get("serious_note"),
        bar_years=raw.get("bar_years"),
        detention=Detention(
            det["law"], det["min_days"], det["max_days"], det["minor_min_days"], det["minor_max_days"]
        )
        if det
        else None,
        notes_marker=raw["source"]["notes_marker"],
    )


@cache
def _articles() -> MappingProxyType[int, Article]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return MappingProxyType({a["no"]: _build(a) for a in data["articles"]})


def articles() -> tuple[Article, ...]:
    """All penalty articles, in article order."""
    return tuple(sorted(_articles().values(), key=lambda a: a.no))


def article(no: int) -> Article:
    try:
        return _articles()[no]
    except KeyError:
        raise KeyError(f"《排污许可管理条例》第{no}条不在罚则数据中") from None


def format_yuan(amount: Decimal) -> str:
    """20万元 / 5千元 / 12,345元 — the notation the 条例 uses where it is exact."""
    if amount != amount.to_integral_value():
        return f"{amount:,}元"
    n = int(amount)
    if n and n % 10000 == 0:
        return f"{n // 10000}万元"
    if n and n % 1000 == 0 and n < 10000:
        return f"{n // 1000}千元"
    return f"{n:,}元"


def check_fine(
    article_no: int, amount: Decimal | int | str, occurrences: int = 1, *, serious: bool = False
) -> FineCheck:
    """Check that ``amount`` (yuan) lies inside the article's fine range (bounds included)."""
    art = article(article_no)
    if not art.has_fine_range:
        raise NoFineRangeError(f"{art.label_zh}不设罚款幅度（{art.serious_note or art.title_zh}）")
    if occurrences < 1:
        raise ValueError("occurrences must be ≥ 1")
    if occurrences != 1 and art.fine.kind != "per_occurrence":
        raise ValueError(f"{art.label_zh}不按次计罚")
    rng = art.fine
    if serious:
        if art.serious_fine is None:
            raise ValueError(f"{art.label_zh}未规定情节严重时的罚款幅度")
        rng = art.serious_fine
    assert rng.minimum is not None and rng.maximum is not None
    minimum, maximum = rng.minimum * occurrences, rng.maximum * occurrences
    amt = Decimal(str(amount))
    range_zh = f"{format_yuan(minimum)}以上{format_yuan(maximum)}以下"
    if rng.kind == "up_to":
        range_zh = f"{format_yuan(maximum)}以下"
    if rng.kind == "per_occurrence":
        range_zh = (
            f"每次{format_yuan(rng.minimum)}以上{format_yuan(rng.maximum)}以下，"
            f"共{occurrences}次即{format_yuan(minimum)}以上{format_yuan(maximum)}以下"
        )
    label = f"《排污许可管理条例》{art.label_zh}" + ("（情节严重）" if serious else "")
    if amt < minimum or amt > maximum:
        side = "低于" if amt < minimum else "高于"
        msg = f"罚款金额{format_yuan(amt)}{side}{label}规定的幅度：{range_zh}。"
        return FineCheck(False, minimum, maximum, msg)
    return FineCheck(True, minimum, maximum, f"罚款金额{format_yuan(amt)}在{label}规定的幅度内：{range_zh}。")
