"""Reads of the inventory, always through the actor's scope (DESIGN: scoping lives in selectors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from ecopermit.accounts.scope import Scope
from ecopermit.core.industry import industry_name, is_valid
from ecopermit.core.models import Park, Town
from ecopermit.registry.models import Facility


def scope_filter(scope: Scope) -> Q | None:
    """The Q that limits facilities to what ``scope`` may see; None means nothing at all."""
    if not scope.reads_inventory:
        return None
    if scope.district_wide:
        return Q()
    q = Q(pk__in=[])
    if scope.town_ids:
        q |= Q(town_id__in=scope.town_ids)
    if scope.park_ids:
        q |= Q(park_id__in=scope.park_ids)
    if scope.facility_bound:
        q |= Q(accesses__user_id=scope.user_id)
    return q


def facilities_visible(scope: Scope) -> QuerySet[Facility]:
    q = scope_filter(scope)
    if q is None:
        return Facility.objects.none()
    qs = Facility.objects.filter(q)
    if scope.facility_bound and not scope.district_wide:
        qs = qs.distinct()
    return qs


@dataclass(frozen=True)
class FacilityFilter:
    text: str = ""
    town: int | None = None
    park: int | None = None
    industry: str = ""
    management_class: str = ""
    permit_status: str = ""
    status: str = ""
    key_list: bool | None = None


def facility_list(scope: Scope, f: FacilityFilter | None = None) -> QuerySet[Facility]:
    qs = facilities_visible(scope).select_related("town", "park")
    if f is None:
        return qs.order_by("name", "pk")
    if f.text:
        text = f.text.strip()
        if len(text) == 18 and text.isalnum():
            qs = qs.filter(credit_code=text.upper())
        else:
            qs = qs.filter(Q(name__icontains=text) | Q(credit_code__istartswith=text))
    if f.town:
        qs = qs.filter(town_id=f.town)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.industry:
        # A 2-, 3- or 4-digit code matches every facility with an industry under it.
        qs = qs.filter(pk__in=Facility.objects.filter(industries__code__startswith=f.industry).values("pk"))
    if f.management_class:
        qs = qs.filter(management_class=f.management_class)
    if f.permit_status:
        qs = qs.filter(permit_status=f.permit_status)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.key_list is not None:
        qs = qs.filter(on_key_list=f.key_list)
    return qs.order_by("name", "pk")


def facility_get(scope: Scope, pk: int) -> Facility:
    """One facility, or 404 when it does not exist *or* lies outside the scope (no existence leak)."""
    facility = (
        facilities_visible(scope)
        .select_related("town", "park")
        .prefetch_related("industries")
        .filter(pk=pk)
        .first()
    )
    if facility is None:
        raise Http404
    return facility


def facility_towns(scope: Scope):
    """Towns offered in the filters: all for district-wide readers, else only the actor's own."""
    if scope.district_wide:
        return Town.objects.order_by("code")
    return Town.objects.filter(pk__in=facilities_visible(scope).values("town_id")).order_by("code")


def facility_parks(scope: Scope):

    if scope.district_wide:
        return Park.objects.order_by("code")
    return Park.objects.filter(pk__in=facilities_visible(scope).values("park_id")).order_by("code")


def facility_history(facility: Facility, limit: int = 200) -> list[dict]:
    """The change history of a facility and all its records, newest first, from django-simple-history."""
    from django.utils.translation import gettext as _

    from ecopermit.registry import models as m

    rows: list[dict] = []
    outlet_ids = list(
        m.Outlet.history.filter(facility_id=facility.pk).values_list("id", flat=True).distinct()
    )
    sources = [
        (m.Facility.history.filter(id=facility.pk), m.Facility._meta.verbose_name),
        (m.FacilityIndustry.history.filter(facility_id=facility.pk), _("industry")),
        (m.Boiler.history.filter(facility_id=facility.pk), _("boiler")),
        (m.Furnace.history.filter(facility_id=facility.pk), _("furnace")),
        (m.FacilityProcess.history.filter(facility_id=facility.pk), _("process")),
        (m.FacilityQuantity.history.filter(facility_id=facility.pk), _("quantity")),
        (m.WaterTreatment.history.filter(facility_id=facility.pk), _("water treatment")),
        (m.Outlet.history.filter(facility_id=facility.pk), _("outlet")),
        (m.OutletLimit.history.filter(outlet_id__in=outlet_ids), _("limit")),
        (m.EiaApproval.history.filter(facility_id=facility.pk), _("EIA approval")),
        (m.Acceptance.history.filter(facility_id=facility.pk), _("acceptance")),
        (m.Permit.history.filter(facility_id=facility.pk), _("permit")),
        (m.Registration.history.filter(facility_id=facility.pk), _("registration")),
        (m.CommitmentApproval.history.filter(facility_id=facility.pk), _("commitment approval")),
    ]
    outlet_codes = dict(m.Outlet.history.filter(id__in=outlet_ids).values_list("id", "code"))
    for qs, label in sources:
        for record in qs.select_related("history_user").order_by("-history_date")[:limit]:
            changes = []
            if record.history_type == "~" and record.prev_record is not None:
                delta = record.diff_against(record.prev_record)
                changes = [_change(record.instance_type, c.field, c.old, c.new) for c in delta.changes]
            rows.append(
                {"record": record, "kind": label, "what": _what(record, outlet_codes), "changes": changes}
            )
    rows.sort(key=lambda r: r["record"].history_date, reverse=True)
    return rows[:limit]


def _what(record: Any, outlet_codes: dict[int, str]) -> str:
    """Which record of its kind a history row is about (issue 11 item 14: five rows of "限值 新增" said nothing):
    a limit by outlet, pollutant and statistic, others by number, code or name."""
    model = record.instance_type
    if model.__name__ == "Facility":
        return ""
    if model.__name__ == "OutletLimit":
        statistic = dict(model._meta.get_field("statistic").choices or []).get(
            record.statistic, record.statistic
        )
        return f"{outlet_codes.get(record.outlet_id, '')} {record.pollutant_name} {statistic}".strip()
    for attr in ("number", "eia_number", "project_name"):
        if value := getattr(record, attr, ""):
            return str(value)
    parts = [str(getattr(record, a)) for a in ("code", "name") if getattr(record, a, "")]
    if parts:
        return " ".join(parts)
    for attr in ("process", "kind"):
        if value := getattr(record, attr, ""):
            field = model._meta.get_field(attr)
            label = dict(field.choices or []).get(value, value)
            year = getattr(record, "year", None)
            return f"{label} {year}" if year else str(label)
    return ""


def _change(model: Any, name: str, old: Any, new: Any) -> tuple[str, Any, Any]:
    """A changed field by its label, choice values by theirs."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed keeps its name
        return name, old, new
    choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else {}
    return str(field.verbose_name), choices.get(old, old), choices.get(new, new)


def facility_tab_data(facility: Facility, tab: str) -> dict:
    """What each tab of the facility page shows (only the open tab is queried)."""
    counts = {
        "production": facility.boilers.count()
        + facility.furnaces.count()
        + facility.processes.count()
        + facility.water_treatments.count()
        + facility.quantities.count(),
        "outlets": facility.outlets.count(),
        "paperwork": facility.eia_approvals.count()
        + facility.acceptances.count()
        + facility.permits.count()
        + facility.registrations.count()
        + facility.commitment_approvals.count(),
    }
    data: dict = {"counts": counts}
    if tab == "basics":
        # Its classification and its case come from the apps above, through the facility_page hook (the view).
        data["industries"] = [
            (i.code, industry_name(i.code) if is_valid(i.code) else "", i.is_primary)
            for i in facility.industries.all()
        ]
    elif tab == "production":
        data.update(
            boilers=facility.boilers.order_by("name"),
            furnaces=facility.furnaces.order_by("name"),
            processes=facility.processes.order_by("process"),
            quantities=facility.quantities.order_by("kind", "-year"),
            water_treatments=facility.water_treatments.order_by("name"),
        )
    elif tab == "outlets":
        data["outlets"] = facility.outlets.prefetch_related("limits").order_by("code")
    elif tab == "paperwork":
        data.update(
            eias=facility.eia_approvals.all(),
            acceptances=facility.acceptances.all(),
            permits=facility.permits.all(),
            registrations=facility.registrations.all(),
            commitments=facility.commitment_approvals.all(),
        )
    elif tab == "history":
        data["history"] = facility_history(facility)
    return data


def facility_map_points(scope: Scope) -> dict:
    """Facilities as compact points for the map, plus the towns' centres and counts."""
    from collections import Counter

    from django.urls import reverse

    qs = facilities_visible(scope).filter(lat__isnull=False, lon__isnull=False)
    base = reverse("registry:facility_detail", args=[0])[:-2]
    rows = qs.values_list("pk", "name", "lat", "lon", "permit_status", "town__name").order_by("pk")
    points = [
        [pk, name, round(lat, 5), round(lon, 5), status, town]
        for pk, name, lat, lon, status, town in rows
        if lat is not None and lon is not None  # always: the query asks for both
    ]
    # Counted from the visible points only: a count over the whole town would leak outside the scope.
    per_town = Counter(p[5] for p in points)
    towns = [
        {"name": t.name, "lat": t.lat, "lon": t.lon, "count": per_town[t.name]}
        for t in Town.objects.filter(name__in=per_town).order_by("code")
    ]
    return {"points": points, "towns": towns, "detail_base": base}


def facility_counts(qs: QuerySet[Facility]) -> dict[str, int]:
    """Headline figures for a (filtered, scoped) list, in one query."""
    from django.db.models import Count, Q

    from ecopermit.registry.vocab import PermitStatus

    return qs.order_by().aggregate(
        total=Count("pk"),
        permit_valid=Count("pk", filter=Q(permit_status=PermitStatus.PERMIT_VALID)),
        registered=Count("pk", filter=Q(permit_status=PermitStatus.REGISTERED)),
        expired=Count("pk", filter=Q(permit_status=PermitStatus.PERMIT_EXPIRED)),
        uncovered=Count("pk", filter=Q(permit_status=PermitStatus.NONE)),
        key_list=Count("pk", filter=Q(on_key_list=True)),
    )
