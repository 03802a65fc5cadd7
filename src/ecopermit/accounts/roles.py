"""The roles of DESIGN.md 'Who uses it', and what each may reach. Pure data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_OFFICER = "bureau_officer", _("Bureau officer")
    BUREAU_LEADER = "bureau_leader", _("Bureau leader")
    TOWN_OFFICER = "town_officer", _("Town officer")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    ENTERPRISE = "enterprise", _("Enterprise user")
    AGENCY = "agency", _("Agency user")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# 三员分立 (等保 2.0 8.1.4.2 d, 8.1.5): no account may hold two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUREAU_ROLES = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER})
# Who reads the inventory, and how far (the filter itself lives in the registry's selectors).
INVENTORY_READERS = frozenset(
    {
        Role.BUREAU_OFFICER,
        Role.BUREAU_LEADER,
        Role.TOWN_OFFICER,
        Role.DEPARTMENT_OFFICER,
        Role.ENTERPRISE,
        Role.AGENCY,
    }
)
INVENTORY_WRITERS = BUREAU_ROLES
# Department officers read the whole inventory (read-only): they sit on the leading group and act on
# responsibility-list items anywhere in the district. Decision recorded in the issue note.
DISTRICT_WIDE_READERS = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_OFFICER})
FACILITY_BOUND_ROLES = frozenset({Role.ENTERPRISE, Role.AGENCY})
# 等保 2.0 DJB-AUTH-2: admin roles get a shorter idle timeout.
SHORT_IDLE_ROLES = ADMIN_ROLES
