"""按日连续处罚 (continuous daily penalty) per 《环境保护主管部门实施按日连续处罚办法》 环境保护部令第28号.

Source: research notes ``shared/reference/regulations-notes.md`` §2 and §5 [V] (full text read in
Fungwingwaa/cee ``docs/posts/P2/pwxkgltl.md`` and ``docs/posts/P4/hjbhzgbmssarlxcfbf.md``), the Order's text
re-read on public copies of it (lawfaq.cn/law/24-70-2.html, tanjiaoyi.com/article-6207-1.html). Pure functions; no
database, no settings.

Which violations (``eligibility``):
- 《排污许可管理条例》 Art. 38: "排污单位违反本条例规定**排放污染物**，受到罚款处罚，被责令改正的，…发现其继续实施该违法
  行为或者拒绝、阻挠复查的，依照《中华人民共和国环境保护法》的规定按日连续处罚". Only an unlawful *discharge* qualifies.
- Order 28 Art. 5 (``QUALIFYING_VIOLATIONS``): (1) over the discharge standard or the total quota, (2) evasive
  discharge (暗管、渗井、渗坑、灌注, falsified monitoring data, abnormal operation of treatment facilities), (3)
  prohibited pollutants, (4) illegal dumping of hazardous waste, (5) other unlawful discharge. Art. 6: a 地方性法规 may
  add kinds (none is recorded for Zhejiang/Zhoushan here; add it to ``ELIGIBLE`` with its source if one is).
- In the 条例 the discharge offences are Arts. 33 (discharging without or beyond a valid permit), 34 (over the
  permitted concentration/quantity; evasive discharge) and 35 (uncontrolled fugitive emissions; not stopping or
  limiting discharge in 特殊时段): ``ELIGIBLE`` lists each item with the Order 28 Art. 5 item it falls under.
  Arts. 36, 37, 39–41, 43 punish management duties (outlets, monitoring, ledgers, reports, inspections, the permit
  document), Art. 38 is the daily penalty itself and Art. 44 detention of persons: never a daily penalty. Each has
  its own lawful follow-up (``FOLLOW_UP_ZH``), which the refusal offers.

Counting (``daily_penalty`` for one round, ``count_rounds`` for a series):
- Art. 17: "按日连续处罚的计罚日数为责令改正违法行为决定书送达排污者之日的次日起，至环境保护主管部门复查发现违法排放污染物
  行为之日止。**再次复查仍拒不改正的，计罚日数累计执行。**" Art. 18: only a correction found at a re-inspection ends the
  period; a violation found later starts a new one ("按日连续处罚的计罚周期重新起算").
- Reading (decided here, issue 10): one uninterrupted 计罚周期 runs from the day after the FIRST order is served to
  the LAST re-inspection that finds the violation continuing. Round 1 counts ``S1+1 … R1``; round k > 1 counts
  ``R(k-1)+1 … Rk`` — including the days between the previous re-inspection and the service of the next order,
  because the violation went on under the first order, never complied with. Total days = ``Rn − S1``.
  Why: Art. 17's second sentence accumulates the *计罚日数* its first sentence starts at the (first) service, and
  Art. 18 speaks of one 计罚周期 that restarts only after a correction; a gap left uncounted would reward a party for
  the bureau's delay in serving the next order. Checked against: the official 解释说明 of Order 28 was not found in
  the sources at hand; the MEP official's explanation of the draft (中国新闻网 2014-10-22, "多次复查仍拒不改正的，
  计罚天数累计执行") is consistent with it and names no gap. When the next order is served on the spot at the
  re-inspection (Order 28 Arts. 8, 14: the usual case) both readings give the same days; the basis text states the
  gap days whenever there are any so that the decision shows them (Art. 16(3): 起止时间).
- Both ends included ("…次日起，至…之日止"); calendar days (日, not 工作日), so month ends and 29 February are
  ordinary days. Served and found on the same day → 0 days.
- ``corrected_on`` (Art. 12): corrected strictly *before* the re-inspection → that round counts 0 days and the
  series ends. Corrected on or after it → the re-inspection found it continuing and the count ends on the
  re-inspection day (Art. 17); a later correction never lowers the total. The 环境保护法 Art. 59 wording
  ("自责令改正之日的次日起") is not used; the Order's 送达 date is (notes §5).
- Art. 19: daily amount = the original fine; amount = daily amount × counted days.
- A re-inspection later than 30 days after service (Art. 10) is not capped here — the count follows Art. 17 —
  but ``DailyPenalty.reinspection_in_time`` reports it so the case can flag it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
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

ORDER = "《环境保护主管部门实施按日连续处罚办法》"
REGULATION = "《排污许可管理条例》"
_NUMERALS = "〇一二三四五六七八九"


def _zh_number(n: int) -> str:
    """33 → 三十三, 5 → 五 (article and item numbers of the 条例 are below 100)."""
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return f"{_NUMERALS[tens] if tens > 1 else ''}十{_NUMERALS[ones] if ones else ''}"


def label_zh(article: int, item: int | None = None) -> str:
    """第三十六条第（四）项 — the way a decision names an article and item."""
    return f"第{_zh_number(article)}条" + (f"第（{_zh_number(item)}）项" if item else "")


@dataclass(frozen=True)
class Eligible:
    article: int
    item: int
    order28_item: int  # Order 28 Art. 5 item the violation falls under
    source_zh: str


# 条例 Arts. 33–35: the unlawful discharges (条例 Art. 38; Order 28 Art. 5), item by item.
ELIGIBLE: tuple[Eligible, ...] = (
    Eligible(
        33,
        1,
        5,
        "未取得排污许可证排放污染物，属违法排放污染物（条例第三十三条第（一）项；办法第五条第（五）项）",
    ),
    Eligible(33, 2, 5, "排污许可证届满未延续排放污染物（条例第三十三条第（二）项；办法第五条第（五）项）"),
    Eligible(
        33, 3, 5, "排污许可证被撤销、注销、吊销后排放污染物（条例第三十三条第（三）项；办法第五条第（五）项）"
    ),
    Eligible(
        33,
        4,
        5,
        "应当重新申请而未重新申请排污许可证排放污染物（条例第三十三条第（四）项；办法第五条第（五）项）",
    ),
    Eligible(
        34, 1, 1, "超过许可排放浓度、许可排放量排放污染物（条例第三十四条第（一）项；办法第五条第（一）项）"
    ),
    Eligible(34, 2, 2, "以逃避监管的方式违法排放污染物（条例第三十四条第（二）项；办法第五条第（二）项）"),
    Eligible(
        35,
        1,
        5,
        "未按排污许可证规定控制大气污染物无组织排放（条例第三十五条第（一）项；办法第五条第（五）项）",
    ),
    Eligible(
        35,
        2,
        5,
        "特殊时段未按排污许可证规定停止或者限制排放（条例第三十五条第（二）项；办法第五条第（五）项）",
    ),
)
_ELIGIBLE: dict[tuple[int, int | None], Eligible] = {(e.article, e.item): e for e in ELIGIBLE}
ELIGIBLE_ARTICLES = frozenset(e.article for e in ELIGIBLE)

# The lawful follow-up when the order to correct is not complied with, per article of the 条例 (its own text).
FOLLOW_UP_ZH: dict[int, str] = {
    36: "拒不改正的，依《排污许可管理条例》第三十六条责令停产整治",
    37: "《排污许可管理条例》第三十七条按次处罚：再次发现的，每次处5千元以上2万元以下的罚款（另行立案）",
    38: "第三十八条本身即按日连续处罚的依据，应以原违法排放污染物行为（第三十三条至第三十五条）的罚款为原处罚",
    39: "再次拒不配合监督检查或者弄虚作假的，依《排污许可管理条例》第三十九条另行立案处罚",
    40: "依《排污许可管理条例》第四十条撤销排污许可证，三年内不得再次申请",
    41: "依《排污许可管理条例》第四十一条没收相关证件或者吊销排污许可证",
    43: "依《排污许可管理条例》第四十三条责令改正；再次违法的另行立案处罚",
    44: "第四十四条为对直接责任人员的行政拘留，移送公安机关依《中华人民共和国环境保护法》第六十三条处理",
}


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    article: int
    item: int | None
    message_zh: str


class NotEligibleError(ValueError):
    """The violation is not an unlawful discharge: no continuous daily penalty (条例 Art. 38; Order 28 Art. 5)."""

    def __init__(self, eligibility: Eligibility) -> None:
        super().__init__(eligibility.message_zh)
        self.eligibility = eligibility


_ARTICLE_RE = re.compile(r"^\s*(?:第)?(\d{1,3})(?:条)?\s*(?:[(（]\s*(\d{1,2})\s*[)）])?\s*$")


def parse_article(text: str) -> tuple[int, int | None]:
    """``34`` → (34, None); ``34(1)`` / ``34（1）`` → (34, 1), as the case writes it."""
    m = _ARTICLE_RE.match(text or "")
    if not m:
        raise ValueError(f"违法条款写法无法识别：{text!r}（应写作 34、34(1)、36(4) 等）")
    return int(m[1]), int(m[2]) if m[2] else None


def eligibility(article: int, item: int | None = None) -> Eligibility:
    """May a continuous daily penalty follow a fine under this article and item of the 条例? (Art. 38; Order 28
    Art. 5). An item is needed only where the article mixes eligible and other items — none of Arts. 33–35 does."""
    label = f"{REGULATION}{label_zh(article, item)}"
    if (article, item) in _ELIGIBLE:
        e = _ELIGIBLE[(article, item)]
        return Eligibility(True, article, item, f"{label}可以实施按日连续处罚：{e.source_zh}。")
    if item is None and article in ELIGIBLE_ARTICLES:
        return Eligibility(
            True,
            article,
            None,
            f"{label}规定的均为违法排放污染物行为，可以实施按日连续处罚（条例第三十八条；{ORDER}第五条）。",
        )
    rule = (
        f"按日连续处罚只适用于违法排放污染物行为，即{REGULATION}第三十三条、第三十四条、第三十五条"
        f"（{REGULATION}第三十八条、{ORDER}第五条）"
    )
    follow = FOLLOW_UP_ZH.get(article)
    if article in ELIGIBLE_ARTICLES:  # an item the article does not have
        message = f"{label}不存在：{REGULATION}{label_zh(article)}没有第（{_zh_number(item or 0)}）项。"
    elif follow is None:
        message = f"{label}不是{REGULATION}的罚则条款，不能实施按日连续处罚；{rule}。"
    else:
        message = (
            f"{label}不属于违法排放污染物行为，不能实施按日连续处罚；{rule}。依法可采取的后续措施：{follow}。"
        )
    return Eligibility(False, article, item, message)


def require_eligible(article: int | None, item: int | None = None) -> Eligibility:
    if article is None:
        raise NotEligibleError(
            Eligibility(False, 0, None, "案件尚未确定违法条款，不能实施按日连续处罚（条例第三十八条）。")
        )
    result = eligibility(article, item)
    if not result.allowed:
        raise NotEligibleError(result)
    return result


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
    *,
    counted_from: dt.date | None = None,
) -> DailyPenalty:
    """Daily penalty for one order/re-inspection round (Order 28 Arts. 12, 17, 19).

    ``counted_from``: for a round after the first, the previous re-inspection that found the violation continuing;
    the days then run from the day after it (Art. 17, 累计执行 — see the module docstring). Default: the service."""
    daily = Decimal(str(original_fine))
    if daily < 0:
        raise ValueError("original_fine must be ≥ 0")
    found = reinspection_found_continuing_on
    if found < ordered_on:
        raise ValueError("the re-inspection cannot precede service of the order to correct")
    since = ordered_on if counted_from is None else counted_from
    if since > ordered_on:
        raise ValueError("the next order cannot precede the previous re-inspection")
    in_time = (found - ordered_on).days <= REINSPECTION_DAYS
    served_zh = ordered_on.isoformat()
    if corrected_on is not None and corrected_on < found:
        return DailyPenalty(
            0,
            daily,
            Decimal(0),
            None,
            None,
            f"责令改正违法行为决定书于{served_zh}送达，违法行为已于{corrected_on.isoformat()}改正，"
            f"复查时已改正，依据{ORDER}第十二条，不予实施按日连续处罚。",
            in_time,
        )
    days = (found - since).days
    start = since + dt.timedelta(days=1) if days else None
    end = found if days else None
    total = daily * days
    if counted_from is None:
        head = f"自责令改正违法行为决定书送达之日（{served_zh}）的次日起"
    else:
        gap = (ordered_on - since).days
        head = (
            f"再次复查仍拒不改正，计罚日数累计执行：自上次复查发现违法行为之日（{since.isoformat()}）的次日起"
            + (
                f"（其中{gap}日为上次复查至本次责令改正违法行为决定书送达之日（{served_zh}），违法行为在首次责令改正后持续）"
                if gap
                else ""
            )
        )
    basis = (
        f"依据{ORDER}第十七条、第十九条：{head}，至复查发现违法排放污染物行为之日（{found.isoformat()}）止，计{days}日；"
        f"按日连续处罚的每日罚款数额为原处罚数额{daily}元，合计{daily}元×{days}日={total}元。"
    )
    return DailyPenalty(days, daily, total, start, end, basis, in_time)


@dataclass(frozen=True)
class Series:
    rounds: tuple[DailyPenalty, ...]
    days: int
    total: Decimal


def count_rounds(
    original_fine: Decimal | int | str,
    rounds: Sequence[tuple[dt.date, dt.date]],
    corrected_on: dt.date | None = None,
) -> Series:
    """A series of rounds ``[(served, found), …]`` in order, each re-inspection but perhaps the last finding the
    violation continuing (a correction found earlier ends the series: Arts. 12, 18). ``corrected_on`` concerns the
    last round only. Days accumulate over the rounds without a gap (Art. 17; module docstring)."""
    if not rounds:
        raise ValueError("at least one round (order served, re-inspection) is needed")
    out: list[DailyPenalty] = []
    previous: dt.date | None = None
    for n, (served, found) in enumerate(rounds, start=1):
        if found < served:
            raise ValueError(
                f"第{n}轮：复查（{found.isoformat()}）早于责令改正违法行为决定书送达（{served.isoformat()}）"
            )
        if previous is not None and served < previous:
            raise ValueError(
                f"第{n}轮：责令改正违法行为决定书送达（{served.isoformat()}）早于上一轮复查（{previous.isoformat()}）"
            )
        last = n == len(rounds)
        if corrected_on is not None and not last and corrected_on < found:
            raise ValueError(
                f"改正日期（{corrected_on.isoformat()}）早于第{n}轮复查（{found.isoformat()}），"
                "而该次复查发现违法行为仍在继续；改正后不再有下一轮（办法第十二条、第十八条）"
            )
        out.append(
            daily_penalty(original_fine, served, found, corrected_on if last else None, counted_from=previous)
        )
        previous = found
    days, total = accumulate(out)
    return Series(tuple(out), days, total)


def accumulate(periods: Iterable[DailyPenalty]) -> tuple[int, Decimal]:
    """Total days and amount over successive order/re-inspection periods (Order 28 Arts. 14, 17)."""
    days, total = 0, Decimal(0)
    for p in periods:
        days += p.days
        total += p.total
    return days, total
