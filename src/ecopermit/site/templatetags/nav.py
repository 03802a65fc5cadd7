"""The left navigation, by area of the plan, showing only what the actor's roles may open."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopermit.accounts.roles import BUREAU_ROLES, INVENTORY_READERS, INVENTORY_WRITERS, Role
from ecopermit.accounts.scope import scope_of

register = template.Library()


@dataclass(frozen=True)
class Item:
    label: object
    url_name: str
    roles: frozenset[str]
    icon: str
    #: Pages under another URL that belong to this item (an inspection record lives at /inspections/<pk>/,
    #: under the sampling plans' prefix, but is reached from the records list).
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    label: object
    items: tuple[Item, ...]


MENU = (
    Section(
        gettext_lazy("Inventory"),
        (
            Item(gettext_lazy("Facilities"), "registry:facility_list", frozenset(INVENTORY_READERS), "▦"),
            Item(gettext_lazy("Map"), "registry:facility_map", frozenset(INVENTORY_READERS), "◉"),
            Item(gettext_lazy("Survey import"), "registry:import_list", frozenset(INVENTORY_WRITERS), "⇪"),
        ),
    ),
    Section(
        gettext_lazy("Rectification"),
        (Item(gettext_lazy("Rectification cases"), "cases:case_list", frozenset(INVENTORY_READERS), "✎"),),
    ),
    Section(
        gettext_lazy("Supervision"),
        (
            Item(
                gettext_lazy("Sampling plans"),
                "inspections:plan_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER}),
                "⚄",
            ),
            Item(
                gettext_lazy("My inspections"),
                "inspections:my_inspections",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER}),
                "☑",
            ),
            Item(
                gettext_lazy("Inspection records"),
                "inspections:inspection_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER, Role.ENTERPRISE}),
                "✔",
                (
                    "inspections:inspection_detail",
                    "inspections:inspection_record",
                    "inspections:finding_add",
                    "inspections:evidence_add",
                    "inspections:inspection_complete",
                    "inspections:inspection_publish",
                    "inspections:inspection_new",
                ),
            ),
        ),
    ),
    Section(
        gettext_lazy("Self-proof"),
        (
            Item(
                gettext_lazy("Execution reports"),
                "filings:report_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER, Role.ENTERPRISE}),
                "▤",
                ("filings:report_detail", "filings:report_settings"),
            ),
            Item(
                gettext_lazy("Self-monitoring results"),
                "filings:monitoring_results",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "◫",
            ),
            Item(
                gettext_lazy("Abnormal ledger events"),
                "filings:ledger_abnormal",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "!",
            ),
            Item(
                gettext_lazy("Cross-check findings"),
                "filings:finding_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "⇆",
                ("filings:finding_detail",),
            ),
        ),
    ),
    Section(
        gettext_lazy("Enforcement"),
        (
            Item(
                gettext_lazy("Penalty cases"),
                "enforcement:case_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER, Role.ENTERPRISE}),
                "⚖",
            ),
            Item(
                gettext_lazy("Credit evaluation"),
                "credit:level_list",
                frozenset(
                    {Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER}
                ),
                "★",
                ("credit:facility_credit", "credit:event_list", "credit:scheme"),
            ),
            Item(
                gettext_lazy("Credit evaluation"),
                "credit:mine",
                frozenset({Role.ENTERPRISE, Role.AGENCY}),
                "★",
                ("credit:facility_credit",),
            ),
        ),
    ),
    Section(
        gettext_lazy("Complaints"),
        (
            Item(
                gettext_lazy("Complaints (信访投诉)"),
                "complaints:queue",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "✉",
                ("complaints:detail", "complaints:new"),
            ),
            Item(
                gettext_lazy("Complaint hot spots"),
                "complaints:hotspots",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "◎",
            ),
        ),
    ),
    Section(
        gettext_lazy("Online monitoring"),
        (
            Item(
                gettext_lazy("Monitoring alarms"), "monitoring:alarm_list", frozenset(INVENTORY_READERS), "⚠"
            ),
            Item(gettext_lazy("Data loggers"), "monitoring:device_list", frozenset(INVENTORY_READERS), "⌁"),
            Item(
                gettext_lazy("Data intake status"), "monitoring:ingest_status", frozenset(BUREAU_ROLES), "⇄"
            ),
            Item(
                gettext_lazy("Shutdown and maintenance declarations"),
                "monitoring:declaration_list",
                frozenset(INVENTORY_READERS),
                "⏸",
            ),
        ),
    ),
    Section(
        gettext_lazy("Disclosure"),
        (
            Item(gettext_lazy("Notices"), "disclosure:notice_list", frozenset(BUREAU_ROLES), "✉"),
            Item(
                gettext_lazy("Data-error reports"),
                "disclosure:report_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "✍",
            ),
            Item(
                gettext_lazy("Self-disclosure"),
                "disclosure:item_list",
                frozenset({Role.ENTERPRISE, Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "☰",
            ),
            Item(
                gettext_lazy("Open days"),
                "disclosure:openday_list",
                frozenset({Role.ENTERPRISE, Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "⌂",
            ),
        ),
    ),
    Section(
        gettext_lazy("Service to enterprises"),
        (
            Item(gettext_lazy("Service overview"), "assistance:home", frozenset(INVENTORY_READERS), "☼"),
            Item(
                gettext_lazy("Wednesday consultations"),
                "assistance:booking_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER, Role.ENTERPRISE}),
                "☏",
            ),
            Item(
                gettext_lazy("Environmental guides"),
                "assistance:guide_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER}),
                "☺",
            ),
            Item(
                gettext_lazy("Industry guides and self-checks"),
                "assistance:guide_index",
                frozenset(INVENTORY_READERS),
                "☰",
            ),
            Item(
                gettext_lazy("Temporary buildings"),
                "assistance:building_list",
                frozenset(
                    {
                        Role.BUREAU_OFFICER,
                        Role.BUREAU_LEADER,
                        Role.TOWN_OFFICER,
                        Role.DEPARTMENT_OFFICER,
                        Role.ENTERPRISE,
                    }
                ),
                "⌂",
            ),
            Item(
                gettext_lazy("Third-party agencies"),
                "assistance:agency_list",
                frozenset({Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_OFFICER, Role.AGENCY}),
                "◈",
            ),
        ),
    ),
    Section(
        gettext_lazy("Classification"),
        (
            Item(
                gettext_lazy("Permit coverage"),
                "catalog:coverage",
                frozenset(
                    {Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_OFFICER, Role.TOWN_OFFICER}
                ),
                "◔",
            ),
        ),
    ),
    Section(
        gettext_lazy("Administration"),
        (
            Item(
                gettext_lazy("Accounts"),
                "accounts:user_list",
                frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
                "☺",
            ),
            Item(gettext_lazy("Audit log"), "site:audit_log", frozenset({Role.AUDIT_ADMIN}), "≣"),
        ),
    ),
)


@register.simple_tag(takes_context=True)
def nav_menu(context: template.Context) -> SafeString:
    request = context["request"]
    scope = scope_of(request.user)
    visible = [(section, [i for i in section.items if scope.has(*i.roles)]) for section in MENU]
    # The active item is the one whose URL is the longest prefix of the current path.
    candidates = [(reverse(i.url_name), i) for _s, items in visible for i in items]
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    named = [i for _url, i in candidates if here in i.also]
    matching = [(url, i) for url, i in candidates if request.path.startswith(url)]
    active_item = named[0] if named else max(matching, key=lambda pair: len(pair[0]))[1] if matching else None
    parts = []
    for section, items in visible:
        if not items:
            continue
        links = [
            (" active" if item is active_item else "", reverse(item.url_name), item.icon, item.label)
            for item in items
        ]
        parts.append(
            format_html(
                '<div class="nav-section"><div class="nav-title">{}</div>{}</div>',
                section.label,
                format_html_join("", '<a class="nav-link{}" href="{}"><i>{}</i>{}</a>', links),
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts))


@register.simple_tag(takes_context=True)
def user_roles_label(context: template.Context) -> str:
    user = context["request"].user
    labels = []
    for grant in user.role_grants.select_related("town", "park", "department"):
        place = grant.town or grant.park or grant.department
        label = str(Role(grant.role).label)
        labels.append(f"{label}（{place}）" if place else label)
    return " · ".join(labels) if labels else _("No role")
