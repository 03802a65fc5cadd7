"""Writes of the inventory (DESIGN: ``<entity>_<verb>(*, actor, ...)``).

The survey import's writes live in ``registry/importer/services.py``; what other writes reuse is here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.accounts.roles import FACILITY_BOUND_ROLES
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.registry import validity
from ecopermit.registry.hooks import inventory_changed
from ecopermit.registry.models import Facility, FacilityIndustry
from ecopermit.registry.paperwork import change_noticed, papers_of


def facility_permit_status(facility: Facility) -> str:
    """What ``Facility.permit_status`` should be, from the facility's permits and registrations today: the rule
    of ``registry.validity.status`` (a valid permit, else a valid registration, else an expired permit, else an
    expired registration, else none). The daily watch (``registry.paperwork``) applies the same rule."""
    return validity.status(papers_of([facility.pk]).get(facility.pk, []), clock.today())


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


# Fields an officer may correct by hand. The credit level is not among them: the credit app publishes it
# (``facility_credit_level_set``, issue 14).
# The credit code is the facility's identity and is not among them:
# a wrong code is a different facility (the survey import creates it; the wrong one is closed).
EDITABLE_FIELDS = (
    "name",
    "legal_representative",
    "address",
    "town",
    "park",
    "lat",
    "lon",
    "status",
    "land_area_mu",
    "output_value_10k",
    "contact_name",
    "contact_phone",
    "on_key_list",
    "in_industrial_building",
)


def _snapshot_value(value: object) -> object:
    return str(value) if value is not None and not isinstance(value, bool | int | float | str) else value


@transaction.atomic
def facility_update(
    *, actor: Actor, facility: Facility, changes: dict[str, Any], industry_codes: list[str], reason: str
) -> list[str]:
    """Applies an officer's corrections; returns the names of the fields that changed (empty: nothing did).

    Every change gets a history row (who, when, the reason) and one audit event with before and after.
    """
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    district = current_district()
    lat, lon = changes.get("lat", facility.lat), changes.get("lon", facility.lon)
    if lat is not None and lon is not None and district is not None and not district.contains(lat, lon):
        raise DomainError(_("The coordinates lie outside %(d)s.") % {"d": district.name}, field="lat")
    park = changes.get("park", facility.park)
    town = changes.get("town", facility.town)
    if park is not None and park.town_id is not None and park.town_id != town.pk:
        raise DomainError(
            _("%(park)s lies in %(town)s.") % {"park": park.name, "town": park.town.name}, field="park"
        )
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        if name not in changes:
            continue
        old, new = getattr(facility, name), changes[name]
        if old != new:
            before[name], after[name] = _snapshot_value(old), _snapshot_value(new)
            setattr(facility, name, new)
    old_codes = list(facility.industries.order_by("-is_primary", "code").values_list("code", flat=True))
    if industry_codes and industry_codes != old_codes:
        before["industry_codes"], after["industry_codes"] = old_codes, industry_codes
        _replace_industries(facility, industry_codes, actor, reason)
        facility.primary_industry = industry_codes[0]
    if not after:
        return []
    facility._history_user = actor
    facility._change_reason = reason
    facility.save()
    audit_record(
        actor=actor,
        action="facility.update",
        obj=facility,
        before=before,
        after=after,
        extra={"reason": reason},
    )
    change_noticed(actor=actor, facility=facility, before=before, after=after)
    # The catalog classifies the facility again (C1) and its problems are derived, through the hook.
    inventory_changed(actor=actor, facility_ids=[facility.pk])
    return list(after)


def _replace_industries(facility: Facility, codes: list[str], actor: Actor, reason: str) -> None:
    existing = {row.code: row for row in facility.industries.all()}
    for code, row in existing.items():
        if code not in codes:
            row._history_user, row._change_reason = actor, reason
            row.delete()
    for index, code in enumerate(codes):
        row = existing.get(code) or FacilityIndustry(facility=facility, code=code)
        if row.pk is None or row.is_primary != (index == 0):
            row.is_primary = index == 0
            row._history_user, row._change_reason = actor, reason
            row.save()


def _access_snapshot(user: Any) -> list[str]:
    from ecopermit.registry.models import FacilityAccess

    return sorted(FacilityAccess.objects.filter(user=user).values_list("facility__credit_code", flat=True))


@transaction.atomic
def facility_access_grant(*, actor: Actor, user: Any, credit_code: str) -> Any:
    """Lets an enterprise or agency account see a facility, found by its unified social credit code (G2).
    Refuses an account without a facility-bound role and a code no facility of the district has."""
    from ecopermit.registry.models import FacilityAccess

    if not set(user.role_grants.values_list("role", flat=True)) & FACILITY_BOUND_ROLES:
        raise DomainError(
            _("Only an enterprise or agency account is bound to facilities: grant that role first."),
            field="credit_code",
        )
    from ecopermit.registry.facade import facility_id_by_credit_code

    facility_id = facility_id_by_credit_code(credit_code)
    before = _access_snapshot(user)
    access, created = FacilityAccess.objects.get_or_create(user=user, facility_id=facility_id)
    if created:
        audit_record(
            actor=actor, action="facility_access.grant", obj=user, before=before, after=_access_snapshot(user)
        )
    return access


@transaction.atomic
def facility_access_revoke(*, actor: Actor, access: Any) -> None:
    user = access.user
    before = _access_snapshot(user)
    access.delete()
    audit_record(
        actor=actor, action="facility_access.revoke", obj=user, before=before, after=_access_snapshot(user)
    )
