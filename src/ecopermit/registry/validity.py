"""Validity of permits and registrations, and the reminders it calls for: pure rules, no database (DESIGN rule 4).

Sources:
- 排污许可管理条例 (国务院令第736号) Art. 14 [V, regulations-notes §2]: "排污许可证有效期为5年。排污许可证有效期届满，
  排污单位需要继续排放污染物的，应当于排污许可证有效期届满60日前向审批部门提出申请" — permits run 5 years and
  延续 is applied for at least 60 days before expiry; a change of 名称、住所、法定代表人或者主要负责人 is applied for
  (变更) "自变更之日起30日内". Art. 13 lists 有效期限 among the permit's contents, so a permit carries its own end date.
- 排污登记: 生态环境部《固定污染源排污登记工作指南（试行）》(环办环评函〔2020〕9号) as quoted by bureaus
  [S: 阿拉善盟生态环境局乌斯太分局 2024-08-20; zkxlhb.com]: "排污登记表自登记编号之日起生效，有效期5年。已登记排污单位应在
  有效期满前20日之内进行延续登记；排污登记信息发生变动的应当自发生变动之日起20日之内进行变更登记". The 条例 Art. 24
  gives the same 20 days for changes [V].
- A validity period of N years that starts on day D ends on the day before D's N-th anniversary (both ends are
  days of validity); a document is expired from the day after its last valid day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PERMIT_YEARS = 5  # 条例 Art. 14
REGISTRATION_YEARS = 5  # 登记工作指南（试行）
PERMIT_RENEWAL_LEAD_DAYS = 60  # 条例 Art. 14: 有效期届满60日前申请延续
REGISTRATION_RENEWAL_LEAD_DAYS = 20  # 登记工作指南: 有效期满前20日之内延续登记
PERMIT_CHANGE_DAYS = 30  # 条例 Art. 14: 自变更之日起30日内申请变更
REGISTRATION_CHANGE_DAYS = 20  # 条例 Art. 24 / 登记工作指南: 自发生变动之日起20日之内变更登记

#: The facts whose change the holder must report (条例 Art. 14: 名称、住所、法定代表人或者主要负责人).
CHANGE_FIELDS = ("name", "address", "legal_representative")

PERMIT_VALID = "permit_valid"
PERMIT_EXPIRED = "permit_expired"
REGISTERED = "registered"
REGISTRATION_EXPIRED = "registration_expired"
NONE = "none"


def period_end(start: dt.date, years: int) -> dt.date:
    """The last valid day of a period of ``years`` years starting on ``start`` (29 Feb starts end on 27/28 Feb)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February, no such day that year
        anniversary = start.replace(year=start.year + years, day=28)
    return anniversary - dt.timedelta(days=1)


def registration_valid_until(registered_on: dt.date, valid_until: dt.date | None) -> dt.date:
    """A registration's last valid day: the date it records, else 5 years from its registration."""
    return valid_until or period_end(registered_on, REGISTRATION_YEARS)


@dataclass(frozen=True)
class Paperwork:
    kind: str  # "permit" | "registration"
    number: str
    start: dt.date
    valid_until: dt.date


def status(papers: Iterable[Paperwork], today: dt.date) -> str:
    """``Facility.permit_status`` on ``today``: a permit valid today wins; else a registration valid today; else
    an expired permit; else an expired registration; else none."""
    papers = list(papers)
    valid = {p.kind for p in papers if p.valid_until >= today}
    held = {p.kind for p in papers}
    if "permit" in valid:
        return PERMIT_VALID
    if "registration" in valid:
        return REGISTERED
    if "permit" in held:
        return PERMIT_EXPIRED
    if "registration" in held:
        return REGISTRATION_EXPIRED
    return NONE


def latest(papers: Iterable[Paperwork], kind: str) -> Paperwork | None:
    """The facility's paperwork of ``kind`` that runs longest (a renewal supersedes the one it renews)."""
    of_kind = [p for p in papers if p.kind == kind]
    return max(of_kind, key=lambda p: (p.valid_until, p.start, p.number)) if of_kind else None


def renewal_lead_days(kind: str) -> int:
    return PERMIT_RENEWAL_LEAD_DAYS if kind == "permit" else REGISTRATION_RENEWAL_LEAD_DAYS


def renewal_reminder_due(paper: Paperwork, today: dt.date) -> bool:
    """A renewal reminder is due from ``lead`` days before the last valid day until that day (so a worker that
    missed a morning still sends it; the caller sends it once)."""
    days_left = (paper.valid_until - today).days
    return 0 <= days_left <= renewal_lead_days(paper.kind)


def renewal_apply_by(paper: Paperwork) -> dt.date:
    """The last day to apply for renewal: 60 (permit) or 20 (registration) days before the last valid day."""
    return paper.valid_until - dt.timedelta(days=renewal_lead_days(paper.kind))


def change_due(kind: str, changed_on: dt.date) -> dt.date:
    """The last day to apply for a change (变更) noticed on ``changed_on``."""
    days = PERMIT_CHANGE_DAYS if kind == "permit" else REGISTRATION_CHANGE_DAYS
    return changed_on + dt.timedelta(days=days)


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """Which of 名称、住所、法定代表人 differ between two snapshots (only keys present in ``after`` count)."""
    return [f for f in CHANGE_FIELDS if f in after and before.get(f) != after.get(f)]
