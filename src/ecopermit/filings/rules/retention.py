"""How long self-proof records are kept, and the refusal to delete one earlier (issue 13, M3/M5).

Pure: no database, no Django settings. Sources (``shared/reference/regulations-notes.md``):

- 《排污许可管理条例》 Art. 19 [V, notes §2]: original self-monitoring records are kept **at least 5 years**.
- 《排污许可管理条例》 Art. 21 [V, notes §2]: the environmental management ledger (台账) is kept **at least 5 years**.
- HJ 944-2018 reportedly said at least 3 years [M, notes §3]; the 条例 (2021, an administrative regulation) is the
  higher and later law and wins: 5 years for both.

Counting (decision): the 5 years run from the record's date — the later of the day it records and the day it was
made (a correction entered later is kept 5 years from its own entry). As for any period in years, the start day is
not counted and the period ends on the corresponding day 5 years later, or the month's last day where that day
does not exist (民法典 Arts. 201–202, cited from memory, not from the reference notes). So a record of 10 March
2025 is kept through 10 March 2030 and may be deleted from 11 March 2030; one of 29 February 2024 through 28
February 2029, deletable from 1 March 2029. "At least" makes 5 years a floor: nothing here ever requires deletion.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "RETENTION",
    "RetentionDecision",
    "RetentionRefusedError",
    "RetentionRule",
    "deletion_decision",
    "earliest_deletion",
    "require_deletable",
]

RecordKind = Literal["monitoring", "ledger"]


@dataclass(frozen=True)
class RetentionRule:
    kind: RecordKind
    label_zh: str
    years: int
    article: str
    source: str


RETENTION: dict[RecordKind, RetentionRule] = {
    "monitoring": RetentionRule(
        "monitoring",
        "自行监测原始记录",
        5,
        "《排污许可管理条例》第十九条",
        "条例第十九条：原始监测记录保存期限不得少于5年（notes §2 [V]）",
    ),
    "ledger": RetentionRule(
        "ledger",
        "环境管理台账",
        5,
        "《排污许可管理条例》第二十一条",
        "条例第二十一条：环境管理台账保存期限不得少于5年（notes §2 [V]；HJ 944-2018 的3年低于条例，不采用）",
    ),
}


def _retained_through(record_date: dt.date, years: int) -> dt.date:
    y = record_date.year + years
    return dt.date(y, record_date.month, min(record_date.day, calendar.monthrange(y, record_date.month)[1]))


def earliest_deletion(kind: RecordKind, record_date: dt.date) -> dt.date:
    """The first day a record of ``kind`` dated ``record_date`` may be deleted."""
    rule = RETENTION[kind]
    return _retained_through(record_date, rule.years) + dt.timedelta(days=1)


@dataclass(frozen=True)
class RetentionDecision:
    allowed: bool
    kind: RecordKind
    record_date: dt.date
    on: dt.date
    earliest: dt.date
    article: str
    message_zh: str


class RetentionRefusedError(ValueError):
    """Deleting the record now would break the retention period (条例 Art. 19 or 21)."""

    def __init__(self, decision: RetentionDecision) -> None:
        super().__init__(decision.message_zh)
        self.decision = decision


def deletion_decision(kind: RecordKind, record_date: dt.date, on: dt.date) -> RetentionDecision:
    """May a record of ``kind`` dated ``record_date`` be deleted on ``on``? With the reason and the article."""
    if kind not in RETENTION:
        raise ValueError(f"unknown record kind {kind!r} (known: {', '.join(RETENTION)})")
    rule = RETENTION[kind]
    earliest = earliest_deletion(kind, record_date)
    allowed = on >= earliest
    if allowed:
        message = f"{rule.label_zh}（{record_date}）已保存满{rule.years}年（{rule.article}），可以删除。"
    else:
        message = (
            f"{rule.label_zh}（{record_date}）保存期限不得少于{rule.years}年（{rule.article}），"
            f"{earliest}之前不得删除。"
        )
    return RetentionDecision(allowed, kind, record_date, on, earliest, rule.article, message)


def require_deletable(kind: RecordKind, record_date: dt.date, on: dt.date) -> RetentionDecision:
    """The decision when deletion is allowed; ``RetentionRefusedError`` naming the article and the date when not."""
    decision = deletion_decision(kind, record_date, on)
    if not decision.allowed:
        raise RetentionRefusedError(decision)
    return decision
