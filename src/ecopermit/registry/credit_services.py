"""The credit level on a facility, written by the credit app's publication (issue 14) through the facade."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor
from ecopermit.registry.models import Facility
from ecopermit.registry.vocab import CreditLevel


@transaction.atomic
def facility_credit_level_set(*, actor: Actor, facility_id: int, level: str, source: str) -> bool:
    """Writes the published environmental credit level (the credit app's publication, issue 14) on the facility,
    where the 双随机 draw reads it; audited with its source (the published evaluation). True when it changed."""
    if level not in CreditLevel.values:
        raise DomainError(_("Unknown credit level %(level)s.") % {"level": level}, field="level")
    facility = Facility.objects.select_for_update().get(pk=facility_id)
    before = facility.credit_level
    if before == level:
        return False
    # Like the permit status, a derived value: no history row (the audit event and the credit app keep the record).
    Facility.objects.filter(pk=facility.pk).update(credit_level=level)
    audit_record(
        actor=actor,
        action="facility.credit_level",
        obj=facility,
        before={"credit_level": before},
        after={"credit_level": level},
        extra={"source": source},
    )
    return True
