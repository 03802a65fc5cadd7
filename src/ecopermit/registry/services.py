"""Writes of the inventory (DESIGN: ``<entity>_<verb>(*, actor, ...)``).

The survey import's writes live in ``registry/importer/services.py``; what other writes reuse is here.
"""

from __future__ import annotations

from ecopermit.core import clock
from ecopermit.registry.models import Facility, Permit, Registration
from ecopermit.registry.vocab import PermitStatus


def facility_permit_status(facility: Facility) -> str:
    """What ``Facility.permit_status`` should be, from the facility's permits and registrations today.

    A permit valid today wins; else an expired permit; else a registration; else none.
    """
    today = clock.today()
    permits = Permit.objects.filter(facility=facility)
    if permits.filter(valid_until__gte=today).exists():
        return PermitStatus.PERMIT_VALID
    if permits.exists():
        return PermitStatus.PERMIT_EXPIRED
    if Registration.objects.filter(facility=facility).exists():
        return PermitStatus.REGISTERED
    return PermitStatus.NONE


def facility_refresh_permit_status(facility: Facility) -> str:
    """Recomputes and stores ``permit_status``; returns it.

    A derived field, not an edit: it is written with ``update()`` only when it differs, so it adds
    no history row (the field is excluded from the facility's history anyway) and no audit event —
    the permit or registration change that caused it has both.
    """
    status = facility_permit_status(facility)
    if facility.permit_status != status:
        Facility.objects.filter(pk=facility.pk).update(permit_status=status)
        facility.permit_status = status
    return str(status)
