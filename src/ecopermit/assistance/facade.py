"""What other apps may ask of assistance. Returns ids and frozen dataclasses, never model instances.

- ``upload_allowed(actor)``: the ``upload_allowed`` hook (core/hooks.py): an agency account whose agency is
  suspended from the district (区域停业整改, S7) may not upload while the suspension lasts.
- ``facility_page``: the ``facility_page`` hook: the facility's guide, its temporary-building requests and its
  self-checks.
- ``faq_entries()``, ``agency_notices()``, ``agencies_suspended()``: what the public portal shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ecopermit.accounts.roles import Role
from ecopermit.accounts.scope import scope_of
from ecopermit.assistance import selectors, services
from ecopermit.assistance.models import GuideAssignment
from ecopermit.core import clock

__all__ = [
    "AgencyNoticeRef",
    "FaqEntry",
    "SuspensionRef",
    "agencies_suspended",
    "agency_notices",
    "case_page",
    "facility_page",
    "faq_entries",
    "upload_allowed",
]


def upload_allowed(*, actor: Any) -> str | None:
    """None when the actor may upload; else why not (the agency it acts for is suspended)."""
    scope = scope_of(actor)
    if not scope.has(Role.AGENCY) or scope.user_id is None:
        return None
    running = services.suspended_agencies_of(scope.user_id, clock.today())
    if not running:
        return None
    s = running[0]
    return _(
        "%(agency)s is suspended from working in the district until %(to)s (区域停业整改): its accounts may not "
        "upload files."
    ) % {"agency": s.agency.name, "to": s.ends_on.isoformat()}


@dataclass(frozen=True)
class FaqEntry:
    id: int
    topic: str
    question: str
    answer: str
    published_on: dt.date


def faq_entries() -> list[FaqEntry]:
    return [
        FaqEntry(b.pk, b.topic, b.faq_question, b.faq_answer, b.faq_published_at.date())
        for b in selectors.faq_published()
        if b.faq_published_at is not None
    ]


@dataclass(frozen=True)
class AgencyNoticeRef:
    id: int
    agency: str
    title: str
    body: str
    published_on: dt.date


def agency_notices() -> list[AgencyNoticeRef]:
    return [
        AgencyNoticeRef(n.pk, n.agency.name, n.title, n.body, n.published_on)
        for n in selectors.notices_public()
    ]


@dataclass(frozen=True)
class SuspensionRef:
    agency: str
    credit_code: str
    starts_on: dt.date
    ends_on: dt.date


def agencies_suspended() -> list[SuspensionRef]:
    return [
        SuspensionRef(s.agency.name, s.agency.credit_code, s.starts_on, s.ends_on)
        for s in selectors.suspensions_public(clock.today())
    ]


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    scope = scope_of(request.user)
    assignment = GuideAssignment.objects.filter(facility_id=facility.pk).select_related("guide").first()
    return {
        "assistance_panel": True,
        "assistance_guide": assignment.guide if assignment else None,
        "assistance_buildings": list(selectors.buildings_visible(scope).filter(facility_id=facility.pk)[:5]),
        "assistance_selfchecks": list(
            selectors.selfchecks_visible(scope).filter(facility_id=facility.pk)[:5]
        ),
    }


def case_page(*, request: Any, case: Any) -> dict[str, Any]:
    """The ``case_page`` hook: the facility's temporary-building requests (S5: decision and conditions) and
    self-checks (S6: whose open items may be problems of this case), as far as the viewer may see them."""
    scope = scope_of(request.user)
    return {
        "assistance_case_buildings": list(
            selectors.buildings_visible(scope).filter(facility_id=case.facility_id)[:5]
        ),
        "assistance_case_selfchecks": list(
            selectors.selfchecks_visible(scope).filter(facility_id=case.facility_id)[:5]
        ),
    }
