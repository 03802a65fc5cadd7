"""Reads of permits and registrations over time: each facility's paperwork as pure ``validity.Paperwork``, and the
facilities still operating on expired paperwork (for 无证排污, 条例 Art. 33(2))."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ecopermit.core import clock
from ecopermit.registry import validity
from ecopermit.registry.models import Facility, Permit, Registration
from ecopermit.registry.vocab import OperatingStatus


def papers_of(facility_ids: Any = None) -> dict[int, list[validity.Paperwork]]:
    """Each facility's permits and registrations as pure ``Paperwork`` (a registration without an end date runs
    5 years from its registration)."""
    permits = Permit.objects.all()
    registrations = Registration.objects.all()
    if facility_ids is not None:
        permits = permits.filter(facility_id__in=facility_ids)
        registrations = registrations.filter(facility_id__in=facility_ids)
    out: dict[int, list[validity.Paperwork]] = defaultdict(list)
    for fid, number, start, end in permits.values_list("facility_id", "number", "issued_on", "valid_until"):
        out[fid].append(validity.Paperwork("permit", number, start, end))
    for fid, number, registered_on, recorded_end in registrations.values_list(
        "facility_id", "number", "registered_on", "valid_until"
    ):
        out[fid].append(
            validity.Paperwork(
                "registration",
                number,
                registered_on,
                validity.registration_valid_until(registered_on, recorded_end),
            )
        )
    return out


@dataclass(frozen=True)
class ExpiredPaperwork:
    """A facility that still operates (not closed) while its permit or registration has expired."""

    facility_id: int
    kind: str  # "permit" | "registration"
    number: str
    valid_until: dt.date  # the last valid day
    expired_on: dt.date  # the first day without it
    operating_status: str


def expired_while_operating(*, today: dt.date | None = None) -> list[ExpiredPaperwork]:
    """Facilities not closed whose latest permit (or, lacking a permit, registration) has expired and has no
    valid successor: for the problem 无证排污 (条例 Art. 33(2): 排污许可证有效期届满未申请延续或者延续申请未经批准排放污染物)."""
    today = today or clock.today()
    papers = papers_of()
    out = []
    facilities = Facility.objects.exclude(status=OperatingStatus.CLOSED).filter(pk__in=list(papers))
    for fid, op_status in facilities.order_by("pk").values_list("pk", "status"):
        mine = papers[fid]
        if validity.status(mine, today) not in (validity.PERMIT_EXPIRED, validity.REGISTRATION_EXPIRED):
            continue
        paper = validity.latest(mine, "permit") or validity.latest(mine, "registration")
        assert paper is not None  # an expired status means there is paperwork
        out.append(
            ExpiredPaperwork(
                fid,
                paper.kind,
                paper.number,
                paper.valid_until,
                paper.valid_until + dt.timedelta(days=1),
                op_status,
            )
        )
    return out
