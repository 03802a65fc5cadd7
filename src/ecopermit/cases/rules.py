"""Legal rules of rectification as pure functions (DESIGN rule 4). No database, no Django settings.

Sources:
- Deadline 3 to 12 months: 定海区试点实施方案 二(一)2(1) "排污许可整改期限原则上为三个月至一年。排污单位具体整改期限由
  《排污许可限期整改通知书》载明。"
- Registration-class facilities: the same plan, 二(一)2(2) "排污单位污染整治在2021年9月底之前完成" — the
  programme deadline, configurable per district.
- Notice numbers: 党政机关公文格式 GB/T 9704-2012 §7.2.4 发文字号 = 机关代字 + 年份〔〕 + 发文顺序号 (no leading zeros,
  no 第 required; the district's prefix may add 第…号 as its own style).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MIN_MONTHS = 3
MAX_MONTHS = 12
REMINDER_DAYS_BEFORE = (30, 7, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DeadlineCheck:
    ok: bool
    earliest: dt.date
    latest: dt.date


def check_deadline(
    served_on: dt.date, deadline: dt.date, *, programme_deadline: dt.date | None = None
) -> DeadlineCheck:
    """A rectification deadline lies between 3 and 12 months after service, both ends included.

    ``programme_deadline`` is given for registration-class facilities (plan 二(一)2(2)): while it lies ahead it
    caps the period, and when it is nearer than three months it also lowers the minimum to "after service".
    """
    earliest = add_months(served_on, MIN_MONTHS)
    latest = add_months(served_on, MAX_MONTHS)
    if programme_deadline is not None and programme_deadline > served_on:
        latest = min(latest, programme_deadline)
        earliest = min(earliest, latest)
    return DeadlineCheck(earliest <= deadline <= latest, earliest, latest)


def check_correction(
    first_served_on: dt.date,
    served_on: dt.date,
    deadline: dt.date,
    *,
    programme_deadline: dt.date | None = None,
) -> DeadlineCheck:
    """The deadline of a notice that supersedes (corrects) another: the plan's 3-to-12-month period is the whole
    rectification's ("排污许可整改期限原则上为三个月至一年", 二(一)2(1)), so it is counted from the service of the
    FIRST notice of the case, whatever the number of corrections: a correction may move the deadline within
    3 to 12 months of that first service, never later, and never before its own service. (Counting from each
    correction's own service would let a chain of corrections stretch the rectification without end.)
    The programme deadline caps it for registration-class facilities as in ``check_deadline``."""
    window = check_deadline(first_served_on, deadline, programme_deadline=programme_deadline)
    earliest = max(window.earliest, served_on)
    return DeadlineCheck(earliest <= deadline <= window.latest, earliest, window.latest)


def reminder_due(deadline: dt.date, today: dt.date) -> int | None:
    """Which reminder is due today (30, 7 or 0 days before the deadline), or None."""
    days = (deadline - today).days
    return days if days in REMINDER_DAYS_BEFORE else None


def is_overdue(deadline: dt.date, today: dt.date) -> bool:
    """Escalation starts the day after the deadline: the deadline day itself still belongs to the enterprise."""
    return today > deadline


# Exit paths (plan 二(一)2, MISSION P3/P4) and the documents an officer must have accepted before acceptance.
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "fix_and_rights": ("monitoring_report",),  # 监测达标, then 排污权指标 (recorded by the officer)
    "as_built_eia": ("as_built_eia",),  # 现状环评报分局备案
    "improvement_plan": ("improvement_plan", "acceptance_report"),  # 整治提升方案 + 整治验收
    "fix": (),
}


def default_exit_path(categories: set[str], management_class: str) -> str:
    """The path a case takes unless the officer chooses another: registration-class facilities carry out an
    improvement plan (plan 二(一)2(2)); 手续不全 files an as-built EIA; 不能达标 fixes, proves compliance by
    monitoring and obtains emission rights; 其他 fixes."""
    if management_class == "registration":
        return "improvement_plan"
    if "incomplete" in categories:
        return "as_built_eia"
    if "not_compliant" in categories:
        return "fix_and_rights"
    return "fix"


def missing_for_acceptance(path: str, accepted_documents: set[str], open_problems: int) -> list[str]:
    """What still stands between a case and acceptance: document kinds not yet accepted, and open problems."""
    missing = [kind for kind in REQUIRED_DOCUMENTS[path] if kind not in accepted_documents]
    if open_problems:
        missing.append("open_problems")
    return missing
