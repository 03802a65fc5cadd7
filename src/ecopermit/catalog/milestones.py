"""The plan's two coverage milestones (MISSION C5) as data and a pure verdict; no database here.

Source (package data ``catalog/data/milestones.json``): 定海区试点实施方案 一、工作目标 — "到2020年9月底实现所有排污单位
排污许可证应发尽发，到2021年9月底实现所有排污单位依法持证排污、规范排污". The dates are data: the file, or the setting
``ECOPERMIT_COVERAGE_MILESTONES`` (``{"issued": "YYYY-MM-DD", "held": "YYYY-MM-DD"}``) read at call time.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from importlib import resources

from django.conf import settings
from django.utils.translation import gettext as _

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
VERDICTS = (ON_TIME, LATE, MISSING)


@dataclass(frozen=True)
class Milestone:
    key: str
    date: dt.date
    wording: str  # the plan's own words

    @property
    def label(self) -> str:
        names = {
            "issued": _("Every due permit issued (应发尽发)"),
            "held": _("Every facility discharging under its permit (持证排污)"),
        }
        return str(names.get(self.key, self.wording))


@functools.cache
def _data() -> tuple[tuple[str, str, str], ...]:
    text = (
        resources.files("ecopermit.catalog").joinpath("data", "milestones.json").read_text(encoding="utf-8")
    )
    return tuple((m["key"], m["date"], m["wording"]) for m in json.loads(text)["milestones"])


def milestones() -> tuple[Milestone, ...]:
    """The milestones in date order, with the district's dates where the setting gives them."""
    override = getattr(settings, "ECOPERMIT_COVERAGE_MILESTONES", None) or {}
    out = []
    for key, date, wording in _data():
        value = override.get(key, date)
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ValueError(
                f"ECOPERMIT_COVERAGE_MILESTONES[{key!r}]: “{value}” is not a date (YYYY-MM-DD)"
            ) from exc
        out.append(Milestone(key, day, wording))
    return tuple(sorted(out, key=lambda m: m.date))


def verdict(obtained_on: dt.date | None, milestone: dt.date) -> str:
    """On time when obtained on or before the milestone (its last day counts), late when after, else missing."""
    if obtained_on is None:
        return MISSING
    return ON_TIME if obtained_on <= milestone else LATE


def verdict_label(value: str) -> str:
    return str({ON_TIME: _("On time"), LATE: _("Late"), MISSING: _("Missing")}[value])
