"""按日连续处罚 (continuous daily penalty) per 《环境保护主管部门实施按日连续处罚办法》 环境保护部令第28号.

Source: research notes ``shared/reference/regulations-notes.md`` §5 [V] (full text read in
Fungwingwaa/cee ``docs/posts/P4/hjbhzgbmssarlxcfbf.md``). Pure functions; no database, no settings.

The rule, as the notes state it:
- Art. 5: qualifying violations (fined + ordered to correct + 拒不改正) — see ``QUALIFYING_VIOLATIONS``;
  Art. 6: 地方性法规 may add types. 《排污许可管理条例》 Art. 38 routes permit cases here.
- Art. 10: the re-inspection (复查) is due within 30 days of serving the order, unannounced.
- Art. 12: corrected (or stopped/closed) at the re-inspection → no daily penalty.
- Art. 17: days are counted **from the day after the order is served (送达之日的次日) to the day the
  re-inspection finds the violation (复查发现违法排放污染物行为之日)**; days accumulate over repeated
  re-inspections (Art. 14: a new order and re-inspection repeat the count).
- Art. 19: daily amount = the original fine; total = daily amount × counted days.

Counting choices (documented here and tested):
1. Both ends are included (Art. 17 "…次日起，至…之日止", the notes mark it *inclusive*). With
   ``served = D`` and ``found = F``: start = D + 1, end = F, days = (F − D).days. Served and found on
   the same day → 0 days. Calendar days (日, not 工作日), so month ends and 29 February count as
   ordinary days.
2. ``corrected_on`` (Art. 12): if the violation was corrected strictly *before* the re-inspection
   date, the re-inspection cannot find it continuing, so no daily penalty (0 days). If it was
   corrected on or after that date, the re-inspection found it continuing, and the count still ends
   on the re-inspection date (Art. 17): a correction after the re-inspection neither extends nor
   shortens the period; later days belong to the next order/re-inspection period (Art. 14), which is
   computed by a further call. Consequence: a later correction never lowers the total.
   The 环境保护法 Art. 59 wording ("自责令改正之日的次日起") is not used; the Order's 送达 date is (notes §5).
3. A re-inspection later than 30 days after service (Art. 10) is not capped here — the count follows
   Art. 17 — but ``DailyPenalty.reinspection_in_time`` reports it so the case can flag it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

REINSPECTION_DAYS = 30  # Order 28 Art. 10

QUALIFYING_VIOLATIONS: tuple[str, ...] = (
    "超过国家或者地方规定的污染物排放标准，或者超过重点污染物排放总量控制指标排放污染物",
    "通过暗管、渗井、渗坑、灌注或者篡改、伪造监测数据，或者不正常运行防治污染设施等逃避监管的方式排放污染物",
    "排放法律、法规规定禁止排放的污染物",
    "违法倾倒危险废物",
    "其他违法排放污染物行为",
)
"""Order 28 Art. 5 items (1)–(5); wording checked against the Order text in the notes' source (cee, commit 4298737c)."""


@dataclass(frozen=True)
class DailyPenalty:
    days: int
    daily_amount: Decimal
    total: Decimal
    start: dt.date | None  # first counted day; None when no day is counted
    end: dt.date | None  # last counted day (included); None when no day is counted
    basis_zh: str
    reinspection_in_time: bool


def daily_penalty(
    original_fine: Decimal | int | str,
    ordered_on: dt.date,
    reinspection_found_continuing_on: dt.date,
    corrected_on: dt.date | None = None,
) -> DailyPenalty:
    """Daily penalty for one order/re-inspection period (Order 28 Arts. 12, 17, 19)."""
    daily = Decimal(str(original_fine))
    if daily < 0:
        raise ValueError("original_fine must be ≥ 0")
    found = reinspection_found_continuing_on
    if found < ordered_on:
        raise ValueError("the re-inspection cannot precede service of the order to correct")
    in_time = (found - ordered_on).days <= REINSPECTION_DAYS
    served_zh = ordered_on.isoformat()
    if corrected_on is not None and corrected_on < found:
        return DailyPenalty(
            0,
            daily,
            Decimal(0),
            None,
            None,
            f"责令改正决定书于{served_zh}送达，违法行为已于{corrected_on.isoformat()}改正，"
            f"复查时已改正，依据《环境保护主管部门实施按日连续处罚办法》第十二条，不予实施按日连续处罚。",
            in_time,
        )
    days = (found - ordered_on).days
    start = ordered_on + dt.timedelta(days=1) if days else None
    end = found if days else None
    total = daily * days
    basis = (
        f"依据《环境保护主管部门实施按日连续处罚办法》第十七条、第十九条：自责令改正决定书送达之日（{served_zh}）的次日起，"
        f"至复查发现违法排放污染物行为之日（{found.isoformat()}）止，计{days}日；"
        f"按日连续处罚的每日罚款数额为原处罚数额{daily}元，合计{daily}元×{days}日={total}元。"
    )
    return DailyPenalty(days, daily, total, start, end, basis, in_time)


def accumulate(periods: Iterable[DailyPenalty]) -> tuple[int, Decimal]:
    """Total days and amount over successive order/re-inspection periods (Order 28 Arts. 14, 17)."""
    days, total = 0, Decimal(0)
    for p in periods:
        days += p.days
        total += p.total
    return days, total
