"""Working days (工作日) from the State Council holiday arrangements, kept as data.

Pure module: no database, no Django settings. The calendar is a JSON file in the format of
``ecopermit/core/data/cn_public_holidays.json`` (see ``data/SOURCE.md``): per arrangement year, ``holidays``
(every date off inside a 放假/放假调休 range) and ``workdays`` (weekend dates that are 调休上班).

Rules (what ``is_working_day`` answers):

* a date listed as a holiday is not a working day;
* a date listed as a make-up working day (调休上班, always a Saturday or Sunday) is a working day;
* any other Saturday or Sunday is not a working day; any other Monday–Friday is.

Counting (``add_working_days`` / ``working_days_between``): the count starts **the day after** ``start`` — the start
day itself never counts, whether or not it is a working day. This is the common rule for periods "within N working
days" (民法典 第二百零一条: "开始的当日不计入，自下一日开始计算"; 行政许可法 第八十二条: deadlines in working
days, 不含法定节假日 — both cited from memory, not from the reference notes), so a result produced on a Friday with a 20-working-day publication limit has
its deadline on ``add_working_days(friday, 20)``. The two functions agree: for ``n >= 0``,
``working_days_between(d, add_working_days(d, n)) == n``.

Coverage: a calendar covers 1 January of its first year to 31 December of its last year (``_meta.years`` or the
numeric top-level keys). Asking about any date outside raises ``CalendarCoverageError``: the holidays of a year are
only known once the State Council publishes its notice (usually in October–November of the year before), so guessing
"weekends only" would silently give wrong deadlines. Add the new year to the data file instead.

A district (or a test) with different arrangements passes its own ``Calendar`` (``Calendar.from_path`` /
``Calendar.from_json`` / ``Calendar(data)``) as ``calendar=``; ``None`` means the national calendar in package data.

A new year without a release: when the environment variable ``ECOPERMIT_WORKDAY_CALENDAR`` names a file in the
same format, ``default_calendar()`` is the package data with that file's years added (a year in both is taken
from the file, so a correction needs no release either). ``ecopermit calendar --check FILE`` validates such a
file and shows what it adds.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "Calendar",
    "CalendarCoverageError",
    "CalendarDataError",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "working_days_between",
]

DATA_PACKAGE = "ecopermit.core.data"
DATA_FILE = "cn_public_holidays.json"
EXTRA_ENV = "ECOPERMIT_WORKDAY_CALENDAR"


class CalendarCoverageError(ValueError):
    """The date lies outside the years the calendar covers; the holiday arrangements there are unknown."""


class CalendarDataError(ValueError):
    """The calendar file is inconsistent (e.g. a date both off and on, a make-up working day on a weekday)."""


def _as_date(value: dt.date, what: str) -> dt.date:
    # datetime is a subclass of date; refuse it so a timezone-dependent value is never truncated silently.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")
    return value


def _parse_date(text: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise CalendarDataError(f"{where}: invalid date {text!r}") from exc


class Calendar:
    """A working-day calendar built from holiday-arrangement data (see the module docstring for the format)."""

    def __init__(self, data: Mapping[str, Any], name: str = "national") -> None:
        self.name = name
        self.holidays: dict[dt.date, str] = {}
        self.workdays: dict[dt.date, str] = {}
        meta = data.get("_meta") or {}
        year_keys = [key for key in data if key != "_meta"]
        bad = [key for key in year_keys if not str(key).isdigit()]
        if bad:
            raise CalendarDataError(f"{name}: top-level keys must be years, got {bad!r}")
        years = sorted(int(y) for y in (meta.get("years") or year_keys))
        if not years:
            raise CalendarDataError(f"{name}: no years in the calendar")
        if years != list(range(years[0], years[-1] + 1)):
            raise CalendarDataError(f"{name}: covered years must be contiguous, got {years}")
        self.first = dt.date(years[0], 1, 1)
        self.last = dt.date(years[-1], 12, 31)
        for key in year_keys:
            year = data[key]
            # A notice may reach into the previous year (the 2023 元旦 range starts 2022-12-31): merge all years.
            for entry in year.get("holidays", []):
                day = _parse_date(entry.get("date"), f"{name} {key} holidays")
                self.holidays[day] = entry.get("name", "")
            for entry in year.get("workdays", []):
                day = _parse_date(entry.get("date"), f"{name} {key} workdays")
                if day.weekday() < 5:
                    raise CalendarDataError(
                        f"{name} {key}: make-up working day {day} is not a Saturday or Sunday"
                    )
                self.workdays[day] = entry.get("name", "")
        both = sorted(set(self.holidays) & set(self.workdays))
        if both:
            raise CalendarDataError(f"{name}: dates listed both as holiday and as working day: {both}")

    @classmethod
    def from_json(cls, text: str | bytes, name: str = "national") -> Calendar:
        return cls(json.loads(text), name=name)

    @classmethod
    def from_path(cls, path: str | Path, name: str | None = None) -> Calendar:
        path = Path(path)
        return cls.from_json(path.read_bytes(), name=name or path.stem)

    @classmethod
    def national(cls) -> Calendar:
        """The State Council calendar shipped as package data (``ecopermit.core.data``)."""
        text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes()
        return cls.from_json(text, name="national")

    @classmethod
    def merged(cls, base: Mapping[str, Any], extra: Mapping[str, Any], name: str) -> Calendar:
        """``base`` with the years of ``extra`` added or replaced; covered years are the union (contiguous)."""
        years = {key: value for key, value in base.items() if key != "_meta"}
        years.update({key: value for key, value in extra.items() if key != "_meta"})
        covered = {str(y) for y in ((base.get("_meta") or {}).get("years") or [])} | {
            str(y) for y in ((extra.get("_meta") or {}).get("years") or [])
        }
        covered |= set(years)
        return cls({"_meta": {"years": sorted(int(y) for y in covered)}, **years}, name=name)

    def __repr__(self) -> str:
        return f"<Calendar {self.name} {self.first.year}–{self.last.year}>"

    def covers(self, day: dt.date) -> bool:
        return self.first <= _as_date(day, "day") <= self.last

    def _check(self, day: dt.date) -> dt.date:
        day = _as_date(day, "day")
        if not self.first <= day <= self.last:
            raise CalendarCoverageError(
                f"{day.isoformat()} is outside the {self.name} working-day calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()}); add that year's State Council "
                "holiday arrangement to the calendar data"
            )
        return day

    def is_working_day(self, day: dt.date) -> bool:
        day = self._check(day)
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str | None:
        """The festival name of a holiday or make-up working day (``'国庆节'``, ``'春节调休'``), else ``None``."""
        day = self._check(day)
        return self.holidays.get(day) or self.workdays.get(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts; ``n == 0`` returns ``start``)."""
        day = self._check(start)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"n must be an int, not {type(n).__name__}")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        one = dt.timedelta(days=1)
        while n:
            day += one
            if self.is_working_day(day):  # raises CalendarCoverageError past the last covered day
                n -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``(a, b]``: after ``a``, up to and including ``b``; negative when ``b < a``."""
        a, b = self._check(a), self._check(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + dt.timedelta(days=1)
        while day <= b:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count


def national_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes())
    return data


@functools.cache
def default_calendar() -> Calendar:
    """The national calendar, with the years of the file named by ``ECOPERMIT_WORKDAY_CALENDAR``; loaded once."""
    extra = os.environ.get(EXTRA_ENV, "").strip()
    if not extra:
        return Calendar.national()
    path = Path(extra)
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise CalendarDataError(f"{EXTRA_ENV}={extra}: cannot read the calendar file ({exc})") from exc
    return Calendar.merged(national_data(), data, name=f"national+{path.stem}")


def is_working_day(day: dt.date, calendar: Calendar | None = None) -> bool:
    return (calendar or default_calendar()).is_working_day(day)


def add_working_days(start: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    """The ``n``-th working day after ``start``; the count starts the day after ``start``."""
    return (calendar or default_calendar()).add_working_days(start, n)


def working_days_between(a: dt.date, b: dt.date, calendar: Calendar | None = None) -> int:
    """Working days after ``a`` up to and including ``b`` (so ``working_days_between(d, d) == 0``)."""
    return (calendar or default_calendar()).working_days_between(a, b)
