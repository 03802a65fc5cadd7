"""Where credit events come from: a registry of sources, each a function that reads a lower app's facade and returns
the events it found (``EventIn``), keyed by ``(source, source_ref)`` so that pulling twice counts nothing twice.

Two sorts of source:

- ``cursor`` sources read an append-only outbox after the last id seen (penalty decisions, transfers, case
  milestones): ``pull(after_id) -> (events, last_id)``;
- ``window`` sources read everything since a day (problems, alarms, inspections: rows that may still change, e.g.
  an alarm explained by a declaration or a problem withdrawn): ``pull(since) -> events``; an event of the window
  no longer returned is withdrawn by the sync.

A new source is one function and one line in ``SOURCES`` (complaints came that way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from ecopermit.cases import facade as cases
from ecopermit.complaints import facade as complaints
from ecopermit.credit.vocab import EventKind
from ecopermit.enforcement import facade as enforcement
from ecopermit.inspections import facade as inspections
from ecopermit.monitoring import facade as monitoring


@dataclass(frozen=True)
class EventIn:
    facility_id: int
    kind: str
    occurred_on: dt.date
    source_ref: str
    summary: str
    link: str = ""
    article: str = ""
    amount: Decimal | None = None
    is_demo: bool | None = None  # None: the facility's flag


def _url(name: str, pk: int | None) -> str:
    if pk is None:
        return ""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


# ---- cursor sources --------------------------------------------------------------------------------------------


def penalty_decisions(after_id: int) -> tuple[list[EventIn], int]:
    """enforcement's outbox: each penalty decided (or daily-penalty round), with its article and amount."""
    found, last = [], after_id
    for d in enforcement.penalty_decisions(after_id=after_id):
        last = max(last, d.record_id)
        kind = EventKind.DAILY_PENALTY if d.kind == "daily" else EventKind.PENALTY
        article = f"第{d.article}条" + (f"第{d.item}项" if d.item else "")
        found.append(
            EventIn(
                d.facility_id,
                kind,
                d.decided_on,
                f"decision:{d.record_id}",
                f"{d.decision_number or d.case_number}：罚款 {d.amount:,.2f} 元（{article}）",
                _url("enforcement:case_detail", d.case_id),
                article,
                d.amount,
                d.is_demo,
            )
        )
    return found, last


def police_transfers(after_id: int) -> tuple[list[EventIn], int]:
    found, last = [], after_id
    for t in enforcement.police_transfers(after_id=after_id):
        last = max(last, t.id)
        found.append(
            EventIn(
                t.facility_id,
                EventKind.POLICE_TRANSFER,
                t.transferred_on,
                f"transfer:{t.id}",
                f"{t.case_number}：{t.kind_label}",
                _url("enforcement:case_detail", t.case_id),
                is_demo=t.is_demo,
            )
        )
    return found, last


def case_milestones(after_id: int) -> tuple[list[EventIn], int]:
    """A rectification case overdue (a deduction) or accepted on time (a good-record item)."""
    found, last = [], after_id
    for m in cases.case_milestones(after_id=after_id):
        last = max(last, m.event_id)
        if m.status == "overdue":
            kind, summary = EventKind.RECTIFICATION_OVERDUE, f"{m.case_number}：整改期限（{m.deadline}）已过"
        elif m.on_time:
            kind, summary = EventKind.GOOD_RECTIFICATION, f"{m.case_number}：按期整改，验收合格"
        else:
            continue
        found.append(
            EventIn(
                m.facility_id,
                kind,
                m.on,
                f"case_event:{m.event_id}",
                summary,
                _url("cases:case_detail", m.case_id),
                is_demo=m.is_demo,
            )
        )
    return found, last


# ---- window sources --------------------------------------------------------------------------------------------

#: Problem kinds (cases.vocab.Kind values) that count for credit, and as what. Problems raised from a monitoring
#: alarm are not read here: the alarm itself is (``monitoring_alarms``), so it is counted once.
PROBLEM_KINDS: dict[str, str] = {
    "over_standard": EventKind.EXCEEDANCE,
    "over_special": EventKind.EXCEEDANCE,
    "monitoring_data_missing": EventKind.ABNORMAL_DATA,
    "monitoring_data_abnormal": EventKind.ABNORMAL_DATA,
    "report_missing": EventKind.REPORT_MISSING,
    "self_monitoring_missing": EventKind.REPORT_MISSING,
    "ledger_missing": EventKind.REPORT_MISSING,
    "untrue_report": EventKind.FRAUD,
}


def problems(since: dt.date) -> list[EventIn]:
    """Problems found (at an inspection, by the filings watch and cross-checks, by hand) that count for credit:
    exceedances, monitoring data, missing reports or self-monitoring, untrue reports (弄虚作假)."""
    found = []
    for p in cases.problems_found(since):
        kind = PROBLEM_KINDS.get(p.kind)
        if kind is None or p.source == "monitoring_alarm":
            continue
        found.append(
            EventIn(
                p.facility_id,
                kind,
                p.found_on,
                f"problem:{p.id}",
                f"{p.kind_label}" + (f"（{p.case_number}）" if p.case_number else ""),
                _url("cases:case_detail", p.case_id),
                is_demo=p.is_demo,
            )
        )
    return found


def monitoring_alarms(since: dt.date) -> list[EventIn]:
    """Online-monitoring alarms: exceedances, abnormal and missing data; those explained by an accepted shutdown or
    maintenance declaration do not count."""
    kinds = {"exceedance": EventKind.EXCEEDANCE, "abnormal_data": EventKind.ABNORMAL_DATA}
    kinds["missing_data"] = EventKind.ABNORMAL_DATA
    found = []
    for a in monitoring.alarms_since(since):
        kind = kinds.get(a.kind)
        if kind is None or a.explained:
            continue
        found.append(
            EventIn(
                a.facility_id,
                kind,
                a.on,
                f"alarm:{a.id}",
                f"{a.number}：{a.kind_label}" + (f" {a.pollutant}" if a.pollutant else ""),
                _url("monitoring:alarm_detail", a.id),
            )
        )
    return found


def inspection_results(since: dt.date) -> list[EventIn]:
    """An inspection that found no problem is a good-record item (problems found come through cases)."""
    return [
        EventIn(
            i.facility_id,
            EventKind.GOOD_INSPECTION,
            i.completed_on,
            f"inspection:{i.pk}",
            f"{i.number}：检查未发现问题",
            _url("inspections:inspection_detail", i.pk),
        )
        for i in inspections.inspection_outcomes(since)
        if i.outcome == "compliant"
    ]


@dataclass(frozen=True)
class Source:
    name: str  # the CreditEvent.source value
    cursor: Callable[[int], tuple[list[EventIn], int]] | None = None
    window: Callable[[dt.date], list[EventIn]] | None = None
    prefix: str = ""  # a window source's source_ref prefix: the events it owns


def upheld_complaints(since: dt.date) -> list[EventIn]:
    """Complaints upheld about a facility (G1; a group of complaints about one matter counts once). Read as a
    window, not by cursor: the outbox is ordered by complaint, and an older complaint may be upheld after a newer
    one was read."""
    return [
        EventIn(
            c.facility_id,
            EventKind.COMPLAINT_UPHELD,
            c.upheld_on,
            f"complaint:{c.record_id}",
            f"{c.number}：{c.summary}",
            c.url,
        )
        for c in complaints.upheld_complaints()
        if c.upheld_on >= since
    ]


#: Every source, keyed by the cursor name; the CreditEvent.source is the app it comes from.
SOURCES: dict[str, Source] = {
    "enforcement.decisions": Source("enforcement", cursor=penalty_decisions),
    "enforcement.transfers": Source("enforcement", cursor=police_transfers),
    "cases.milestones": Source("cases", cursor=case_milestones),
    "cases.problems": Source("cases", window=problems, prefix="problem:"),
    "monitoring.alarms": Source("monitoring", window=monitoring_alarms, prefix="alarm:"),
    "inspections.results": Source("inspections", window=inspection_results, prefix="inspection:"),
    "complaints.upheld": Source("complaints", window=upheld_complaints, prefix="complaint:"),
}

#: How far back the window sources read: this year and the two before (an evaluation covers the year before).
WINDOW_YEARS = 2


def window_start(today: dt.date) -> dt.date:
    return dt.date(today.year - WINDOW_YEARS, 1, 1)
