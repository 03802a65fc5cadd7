"""Pure rules of the service measures (no database), each with its source.

- ``consultation_days``: the Wednesdays of the consultation day (plan 二(二)3 “星期三环保咨询日”) in the weeks ahead,
  a Wednesday that is not a working day (a public holiday, core/workdays.py) skipped, not moved.
- ``decision_deadline``: a temporary-building request is decided within 20 working days of its receipt
  (行政许可法 Art. 42 para. 1: 二十日内作出行政许可决定; Art. 82: the periods are working days). The platform's
  choice: the day of receipt is day 0.
- ``suspended_on``: a suspension (区域停业整改, plan 四(四)) covers its first and last day, unless lifted earlier.
- ``POOR_SCORE``: a sampled check scoring below 60 is poor work, to be noticed publicly (通报). The platform's
  choice, the usual pass mark of a 100-point score; the officer still decides to publish.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

WEDNESDAY = 2
DECISION_WORKING_DAYS = 20
DECISION_SOURCE = "《行政许可法》第四十二条、第八十二条：二十个工作日内作出决定"
POOR_SCORE = 60


def consultation_days(start: dt.date, weeks: int, is_working_day: Callable[[dt.date], bool]) -> list[dt.date]:
    """The Wednesdays from ``start`` (included) over ``weeks`` weeks that are working days."""
    first = start + dt.timedelta(days=(WEDNESDAY - start.weekday()) % 7)
    days = [first + dt.timedelta(weeks=n) for n in range(weeks)]
    return [d for d in days if d < start + dt.timedelta(weeks=weeks) and is_working_day(d)]


def decision_deadline(received: dt.date, add_working_days: Callable[[dt.date, int], dt.date]) -> dt.date:
    return add_working_days(received, DECISION_WORKING_DAYS)


def suspended_on(day: dt.date, starts_on: dt.date, ends_on: dt.date, lifted_on: dt.date | None) -> bool:
    last = min(ends_on, lifted_on - dt.timedelta(days=1)) if lifted_on else ends_on
    return starts_on <= day <= last


def is_poor(score: int) -> bool:
    return score < POOR_SCORE


PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")


def anonymise(text: str, names: list[str]) -> str:
    """The text for the public FAQ: the enterprise's names become 某企业, credit codes and phone numbers are masked
    (个人信息保护法 Art. 28 / the enterprise's own details are not the public's business)."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, "某企业")
    text = CREDIT_CODE.sub("***", text)
    return PHONE.sub("***", text)
