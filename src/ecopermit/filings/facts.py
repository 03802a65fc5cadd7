"""The self-proof app's plain values for other apps (frozen dataclasses; read through ``filings.facade``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class VerifiedEmission:
    """One pollutant's verified annual emissions of a facility (t), with every figure it was decided from."""

    facility_id: int
    year: int
    pollutant: str
    pollutant_name: str
    first_day: dt.date
    last_day: dt.date  # the year's end, or today for the year under way
    to_date: bool
    verified_t: Decimal | None
    verified_from: str  # "online" | "online_lower_bound" | "report" | ""
    online_t: Decimal | None
    online_complete: bool
    hours_used: int
    expected_hours: int
    reported_t: Decimal | None
    report_id: int | None
    report_number: str
    permitted_t: Decimal | None
    permitted_source: str
    formula: str

    @property
    def over(self) -> bool:
        return (
            self.verified_t is not None
            and self.permitted_t is not None
            and self.verified_t > self.permitted_t
        )

    @property
    def excess_t(self) -> Decimal | None:
        return self.verified_t - self.permitted_t if self.over else None  # type: ignore[operator]
