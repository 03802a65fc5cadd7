"""The facility list as a spreadsheet, with the same scope and filters as the screen: its columns, written the
one way every list exports (``core.tables``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.core.industry import industry_name, is_valid
from ecopermit.core.tables import Column
from ecopermit.registry.models import Facility


def _industry(f: Facility) -> str:
    return f"{f.primary_industry} {industry_name(f.primary_industry)}" if is_valid(f.primary_industry) else ""


COLUMNS = (
    Column(_("Facility"), lambda f: f.name, 36),
    Column(_("Unified social credit code"), lambda f: f.credit_code, 22),
    Column(_("Legal representative"), lambda f: f.legal_representative, 12),
    Column(_("Town/street"), lambda f: f.town.name, 12),
    Column(_("Park"), lambda f: f.park.name if f.park else "", 14),
    Column(_("Address"), lambda f: f.address, 36),
    Column(_("Main industry"), _industry, 28),
    Column(_("Operating status"), lambda f: f.get_status_display(), 10),
    Column(_("Management class"), lambda f: f.get_management_class_display(), 12),
    Column(_("Permit status"), lambda f: f.get_permit_status_display(), 16),
    Column(_("Key discharger list"), lambda f: f.on_key_list, 10),
    Column(_("Land area"), lambda f: f.land_area_mu, 10),
    Column(_("Annual output value"), lambda f: f.output_value_10k, 12),
    Column(_("Demo data"), lambda f: f.is_demo, 8),
)
