"""Procedure of a penalty case: the periods of the notice, the hearing threshold, payment, numbering, and the
discretion vocabulary. Pure data and functions (no database, no settings; DESIGN rule 4).

Sources (full text read in the notes' primary source, Fungwingwaa/cee, file commit 4298737c):
- 《中华人民共和国行政处罚法》 (2021 revision, effective 2021-07-15), ``docs/posts/P1/zhrmghgxzcff.md``:
  Art. 44 (before deciding, tell the party the proposed penalty, facts, reasons, basis and the rights to state,
  defend and ask for a hearing); Art. 45 (the right to state and defend; no heavier penalty because of it);
  Art. 57 (decisions: penalty / 不予行政处罚 for a minor violation or unproven facts / 移送司法机关);
  Art. 60 (decide within 90 days of filing); Art. 62 (no decision before the notice and hearing the party,
  unless the party explicitly waives); Art. 63 (hearing right for 较大数额罚款 and the heavier penalties);
  Art. 64(1) (a hearing must be asked for **within 5 日 of the notice**); Art. 67 (pay **within 15 日** of
  receiving the decision); Art. 72(1) (late payment: 3 % of the fine per day, at most the fine) and (4) (apply to
  the court); **Art. 85 ("二日""三日""五日""七日" are working days, public holidays excluded)** — so the 5-day
  hearing period counts working days, while the 15-day payment period (not in Art. 85's list) counts calendar
  days.
- 《环境行政处罚办法》 (环境保护部令第8号, 2010), ``docs/posts/P4/hjxzcfbf.md``: Art. 6 (discretion factors),
  Art. 23 (撤销立案), Art. 67 (结案 cases). It was replaced by the 2023 《生态环境行政处罚办法》 (生态环境部令第30号,
  effective 2023-07-01), whose full text is not in the notes; the factors below keep the 2010 wording and say so.
- 较大数额 (hearing threshold): a secondary source [S] reports that the 2023 办法 Art. 89 sets it for legal persons
  at **more than 200,000 yuan** (the 2010 办法 Art. 78 said ≥ 50,000), and that provinces set their own figures.
  Kept as data (``HEARING_THRESHOLD_YUAN``, exclusive) so a district can change it; an officer may always offer the
  hearing (the more protective reading), and the heavier measures of Art. 63(3)–(4) always carry it.

The statement/defence period is not fixed by the law (Arts. 44–45 give the right, not a period). The bureau's
default is 3 working days (``STATEMENT_WORKING_DAYS``), counted like the law's own short periods (Art. 85); it is
data, not a statute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ecopermit.core.workdays import Calendar, CalendarCoverageError, add_working_days

STATEMENT_WORKING_DAYS = 3  # bureau default (see the module docstring)
HEARING_REQUEST_WORKING_DAYS = 5  # 行政处罚法 Art. 64(1) + Art. 85
PAYMENT_DAYS = 15  # 行政处罚法 Art. 67, calendar days
DECISION_DAYS = 90  # 行政处罚法 Art. 60, calendar days from filing
LATE_PAYMENT_RATE = Decimal("0.03")  # 行政处罚法 Art. 72(1): 3 % a day, capped at the fine
HEARING_THRESHOLD_YUAN = Decimal(200_000)  # 较大数额, legal persons: more than this (see above)

# 行政处罚法 Art. 63(3)–(4): measures that carry the hearing right whatever the amount.
HEARING_MEASURES = frozenset({"吊销排污许可证", "撤销排污许可证", "停产整治", "停业", "关闭", "限制生产"})


@dataclass(frozen=True)
class Factor:
    code: str
    direction: str  # "aggravating" | "mitigating"
    text_zh: str
    source_zh: str


FACTORS: tuple[Factor, ...] = (
    Factor(
        "eliminated_harm",
        "mitigating",
        "主动消除或者减轻违法行为危害后果",
        "《行政处罚法》第三十二条第（一）项",
    ),
    Factor("coerced", "mitigating", "受他人胁迫或者诱骗实施违法行为", "《行政处罚法》第三十二条第（二）项"),
    Factor(
        "confessed", "mitigating", "主动供述行政机关尚未掌握的违法行为", "《行政处罚法》第三十二条第（三）项"
    ),
    Factor(
        "meritorious",
        "mitigating",
        "配合行政机关查处违法行为有立功表现",
        "《行政处罚法》第三十二条第（四）项",
    ),
    Factor("first_minor", "mitigating", "初次违法且危害后果轻微并及时改正", "《行政处罚法》第三十三条第一款"),
    Factor(
        "corrected",
        "mitigating",
        "积极改正违法行为，改正措施有效",
        "《环境行政处罚办法》（2010）第六条第（六）项",
    ),
    Factor(
        "serious_harm",
        "aggravating",
        "造成的环境污染、生态破坏程度较重或者社会影响较大",
        "《环境行政处罚办法》（2010）第六条第（一）项",
    ),
    Factor(
        "intentional", "aggravating", "故意违法，过错程度较重", "《环境行政处罚办法》（2010）第六条第（二）项"
    ),
    Factor(
        "evasive_means",
        "aggravating",
        "以逃避监管的方式实施违法行为",
        "《环境行政处罚办法》（2010）第六条第（三）项",
    ),
    Factor(
        "sensitive_target",
        "aggravating",
        "危害饮用水水源保护区等敏感对象",
        "《环境行政处罚办法》（2010）第六条第（四）项",
    ),
    Factor("repeat", "aggravating", "再次违法（再犯）", "《环境行政处罚办法》（2010）第六条第（五）项"),
    Factor(
        "refused_rectification",
        "aggravating",
        "限期整改期满仍未改正",
        "《环境行政处罚办法》（2010）第六条第（六）项；本平台整改案件移送",
    ),
)
FACTOR_BY_CODE = {f.code: f for f in FACTORS}


def factors_zh(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The factors in words with their source, in vocabulary order; unknown codes raise KeyError."""
    unknown = [c for c in codes if c not in FACTOR_BY_CODE]
    if unknown:
        raise KeyError(f"未知的裁量情节：{'、'.join(unknown)}")
    kind = {"aggravating": "从重情节", "mitigating": "从轻、减轻情节"}
    return [f"{kind[f.direction]}：{f.text_zh}（{f.source_zh}）" for f in FACTORS if f.code in codes]


def hearing_right_applies(amount: Decimal | int | str, measures: tuple[str, ...] | list[str] = ()) -> bool:
    """行政处罚法 Art. 63: a 较大数额 fine (above the threshold) or a heavier measure carries the hearing right."""
    return Decimal(str(amount)) > HEARING_THRESHOLD_YUAN or any(m in HEARING_MEASURES for m in measures)


@dataclass(frozen=True)
class NoticePeriods:
    statement_due: dt.date
    hearing_due: dt.date | None
    estimated: bool  # the calendar did not cover the period: Monday–Friday were counted instead


def _add_working_days(start: dt.date, n: int, calendar: Calendar | None) -> tuple[dt.date, bool]:
    try:
        return add_working_days(start, n, calendar), False
    except CalendarCoverageError:
        # The State Council publishes next year's holidays late in the year; until the calendar has them, count
        # Monday–Friday and say so on the case (the officer checks the date when the arrangement is out).
        day = start
        while n:
            day += dt.timedelta(days=1)
            n -= day.weekday() < 5
        return day, True


def notice_periods(
    served_on: dt.date, *, hearing_right: bool, calendar: Calendar | None = None
) -> NoticePeriods:
    """Last days to state a defence and to ask for a hearing, counted in working days from the day after service
    (行政处罚法 Arts. 64(1), 85; the start day does not count)."""
    statement, est1 = _add_working_days(served_on, STATEMENT_WORKING_DAYS, calendar)
    hearing, est2 = (
        _add_working_days(served_on, HEARING_REQUEST_WORKING_DAYS, calendar)
        if hearing_right
        else (None, False)
    )
    return NoticePeriods(statement, hearing, est1 or est2)


def payment_due(decision_served_on: dt.date) -> dt.date:
    """行政处罚法 Art. 67: 15 (calendar) days from receiving the decision; the day of receipt does not count."""
    return decision_served_on + dt.timedelta(days=PAYMENT_DAYS)


def decision_due(filed_on: dt.date) -> dt.date:
    """行政处罚法 Art. 60: decide within 90 days of filing."""
    return filed_on + dt.timedelta(days=DECISION_DAYS)


def late_payment_surcharge(
    fine: Decimal | int | str,
    due: dt.date,
    today: dt.date,
    payments: Sequence[tuple[dt.date, Decimal | int | str]] = (),
) -> Decimal:
    """加处罚款, 行政处罚法 Art. 72(1): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的
    数额" (行政强制法 Art. 45 says the same: never above the sum owed).

    - Each day after ``due`` up to and including ``today`` is a late day; the due date itself is not (the party may
      pay on it, Art. 67). Calendar days: Art. 85's working-day rule covers only 二日/三日/五日/七日.
    - Partial payments (``payments``: date, amount): the 3 % of a day runs on the part of the fine still unpaid at
      the start of that day — a payment on a late day stops the surcharge from the next day on, so a payment on
      the due date leaves nothing for that part, and paying in full on due + 1 still owes that one day. Reading:
      the surcharge presses for payment (执行罚), so it runs only on what is owed.
    - The cap: the part of the fine unpaid when it fell due (the 金钱给付义务 in arrears, 行政强制法 Art. 45) — the
      whole fine when nothing was paid in time, less when part was. The party-protective reading of "不得超出罚款的
      数额": a part paid in time was never late, so it cannot raise the cap.
    - Rounded to the fen once, at the end; the cap is applied to the total."""
    amount = Decimal(str(fine))
    if amount < 0:
        raise ValueError("the fine must be ≥ 0")
    paid_by: list[tuple[dt.date, Decimal]] = sorted((d, Decimal(str(a))) for d, a in payments)
    if any(a <= 0 for _d, a in paid_by):
        raise ValueError("payments must be positive amounts")

    def unpaid_on(day: dt.date) -> Decimal:
        return amount - sum((a for d, a in paid_by if d < day), Decimal(0))

    day = due + dt.timedelta(days=1)
    cap = max(Decimal(0), unpaid_on(day))
    total = Decimal(0)
    while day <= today:
        unpaid = unpaid_on(day)
        if unpaid <= 0:
            break
        total += unpaid * LATE_PAYMENT_RATE
        if total >= cap:
            break
        day += dt.timedelta(days=1)
    return min(cap, total).quantize(Decimal("0.01"))


PREFIX_KEYS = ("filing", "notice", "decision")


def default_prefixes(notice_prefix: str) -> dict[str, str]:
    """Prefixes when the district file names none: from the rectification prefix (舟定环整 → 舟定环立/舟定环罚告/
    舟定环罚), or 环立/环罚告/环罚 when there is none either."""
    base = notice_prefix[:-1] if notice_prefix.endswith("整") else notice_prefix
    base = base or "环"
    return {"filing": f"{base}立", "notice": f"{base}罚告", "decision": f"{base}罚"}


# A rectification case referred to enforcement (四罚): the 条例 article its open problems most likely violate,
# by problem kind (cases.vocab.Kind). A suggestion only: the officer confirms or changes it while investigating.
REFERRAL_ARTICLES: dict[str, tuple[int, int]] = {
    "no_permit": (33, 1),
    "over_standard": (34, 1),
    "over_special": (34, 1),
    "over_total": (34, 1),
    "no_auto_monitoring": (36, 4),
    "monitoring_not_networked": (36, 4),
    "outlet_not_standard": (36, 1),
    "self_monitoring_missing": (36, 5),
    "ledger_missing": (37, 1),
    "report_missing": (37, 3),
    "untrue_report": (37, 4),
}


def suggested_violation(
    problem_kinds: list[str] | tuple[str, ...], management_class: str = ""
) -> tuple[int, int] | None:
    """The heaviest article among the problems' (lowest article number first: arts. 33–34 carry the highest
    ranges). A registration-class facility without its registration is art. 43, not art. 33."""
    found = []
    for kind in problem_kinds:
        hit = REFERRAL_ARTICLES.get(kind)
        if hit == (33, 1) and management_class == "registration":
            hit = (43, 1)
        if hit:
            found.append(hit)
    return min(found) if found else None
