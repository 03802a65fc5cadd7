"""Online monitoring screens: alarms, a facility's hourly values, devices, declarations, electricity."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.cases import facade as cases
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, export_response, page_of, wants_export
from ecopermit.monitoring import selectors, services
from ecopermit.monitoring.forms import (
    DEVICE_STATES,
    AlarmFilterForm,
    CloseForm,
    DecideForm,
    DeclarationForm,
    DeviceFilterForm,
    MeterForm,
    PowerImportForm,
    RangeForm,
)
from ecopermit.monitoring.judge import SHANGHAI
from ecopermit.monitoring.models_alarms import AlarmStatus, Declaration
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE, Role.AGENCY)
OFFICERS = tuple(BUREAU_ROLES)

ALARM_COLUMNS = (
    Column(gettext_lazy("Number"), lambda a: a.number, 16),
    Column(gettext_lazy("Period"), lambda a: a.period_start, 18),
    Column(gettext_lazy("Statistic"), lambda a: a.get_statistic_display()),
    Column(gettext_lazy("Facility"), lambda a: a.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda a: a.facility.town.name),
    Column(
        gettext_lazy("Outlet"), lambda a: a.outlet.code if a.outlet else (a.meter.name if a.meter else "")
    ),
    Column(gettext_lazy("Kind"), lambda a: a.get_kind_display()),
    Column(gettext_lazy("Pollutant"), lambda a: a.pollutant_label or ""),
    Column(gettext_lazy("Value"), lambda a: a.value),
    Column(gettext_lazy("Unit"), lambda a: a.unit),
    Column(gettext_lazy("converted"), lambda a: a.basis == "converted"),
    Column(gettext_lazy("Measured value"), lambda a: a.measured_value),
    Column(gettext_lazy("Limit"), lambda a: a.limit),
    Column(gettext_lazy("Exceeded by (%)"), lambda a: a.percent),
    Column(gettext_lazy("over range (T)"), lambda a: a.over_range),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
)
DECLARATION_COLUMNS = (
    Column("#", lambda d: d.pk, 8),
    Column(gettext_lazy("Facility"), lambda d: d.facility.name, 36),
    Column(gettext_lazy("Outlet"), lambda d: f"{d.outlet.code} {d.outlet.name}" if d.outlet else "", 24),
    Column(gettext_lazy("Kind"), lambda d: d.get_kind_display()),
    Column(gettext_lazy("From"), lambda d: d.starts_at, 18),
    Column(gettext_lazy("To"), lambda d: d.ends_at, 18),
    Column(gettext_lazy("Reason"), lambda d: d.reason, 40),
    Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
)
DEVICE_COLUMNS = (
    Column("MN", lambda r: r.logger.mn, 28),
    Column(gettext_lazy("Facility"), lambda r: r.logger.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda r: r.logger.facility.town.name),
    Column(gettext_lazy("Outlet"), lambda r: f"{r.logger.outlet.code} {r.logger.outlet.name}", 28),
    Column(gettext_lazy("Protocol"), lambda r: r.logger.get_protocol_display()),
    Column(gettext_lazy("Expected upload interval (minutes)"), lambda r: r.logger.expected_interval_minutes),
    Column(gettext_lazy("Last frame at"), lambda r: r.logger.last_seen_at, 20),
    Column(gettext_lazy("State"), lambda r: dict(DEVICE_STATES)[selectors.device_state(r)]),
)


@allow(*READERS)
def alarm_list(request):
    scope = request.scope
    facilities = registry.facilities_visible(scope).order_by("name")
    form = AlarmFilterForm(
        request.GET or None,
        towns=registry.facility_towns(scope),
        facilities=facilities,
        pollutants=selectors.alarm_pollutants(scope),
    )
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.alarm_list(
        scope,
        town=f["town"].pk if f.get("town") else None,
        facility=f["facility"].pk if f.get("facility") else None,
        pollutant=f.get("pollutant", ""),
        status=f.get("status", ""),
        kind=f.get("kind", ""),
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Monitoring alarms"),
            columns=ALARM_COLUMNS,
            rows=qs.iterator(chunk_size=2000),
            action="alarm.export",
        )
    page = page_of(request, qs)
    open_count = selectors.alarms_visible(scope).filter(status=AlarmStatus.OPEN).count()
    only = facilities.first() if "facility" not in form.fields else None
    return render(
        request,
        "monitoring/alarm_list.html",
        {"form": form, "page": page, "open_count": open_count, "only_facility": only},
    )


@allow(*READERS)
def alarm_detail(request, pk: int):
    alarm = selectors.alarm_get(request.scope, pk)
    return render(
        request,
        "monitoring/alarm_detail.html",
        {
            "alarm": alarm,
            "episode": selectors.alarm_episode(alarm)[:200],
            "case": cases.facility_case_summary(alarm.facility_id) if alarm.problem_id else None,
            "proposal": selectors.alarm_penalty_proposal(alarm) if request.scope.is_bureau else None,
            "close_form": CloseForm()
            if request.scope.is_bureau and alarm.status != AlarmStatus.CLOSED
            else None,
        },
    )


@allow(*OFFICERS)
@require_POST
def alarm_close(request, pk: int):
    alarm = selectors.alarm_get(request.scope, pk)
    form = CloseForm(request.POST)
    try:
        services.alarm_close(actor=request.user, alarm=alarm, note=form.data.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Alarm closed."))
    return redirect("monitoring:alarm_detail", pk=alarm.pk)


def _range(request, default_days: int = 7) -> tuple[RangeForm, dt.datetime, dt.datetime]:
    form = RangeForm(request.GET or None)
    today = clock.today()
    start_day, end_day = today - dt.timedelta(days=default_days - 1), today
    if form.is_valid():
        start_day = form.cleaned_data.get("start") or start_day
        end_day = form.cleaned_data.get("end") or max(end_day, start_day)
        if end_day < start_day or end_day - start_day > dt.timedelta(days=92):
            start_day = end_day - dt.timedelta(days=default_days - 1)
    elif form.is_bound:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Check the dates."))
    if not form.is_bound or not form.is_valid():
        form = RangeForm(initial={"start": start_day, "end": end_day})
    start = dt.datetime.combine(start_day, dt.time(0), SHANGHAI)
    end = dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(0), SHANGHAI)
    return form, start, end


@allow(*READERS)
def facility_monitoring(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form, start, end = _range(request)
    outlets = list(selectors.facility_outlets(facility))
    chart = selectors.chart_series([o.pk for o in outlets], start, end)
    alarms = selectors.alarm_list(request.scope, facility=facility.pk)[:20]
    devices = [d for d in selectors.device_list(request.scope) if d.logger.facility_id == facility.pk]
    return render(
        request,
        "monitoring/facility.html",
        {
            "facility": facility,
            "form": form,
            "chart": chart,
            "alarms": alarms,
            "devices": devices,
            "outlets": outlets,
        },
    )


@allow(*READERS)
def device_list(request):
    form = DeviceFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.device_list(request.scope, q=f.get("q", ""), state=f.get("state", ""))
    if wants_export(request):
        return export_response(
            request, title=_("Data loggers"), columns=DEVICE_COLUMNS, rows=rows, action="datalogger.export"
        )
    everything = selectors.device_list(request.scope) if (f.get("q") or f.get("state")) else rows
    online = sum(1 for r in everything if r.online)
    return render(
        request,
        "monitoring/device_list.html",
        {"form": form, "page": page_of(request, rows), "online": online, "offline": len(everything) - online},
    )


@allow(*READERS)
def declaration_list(request):
    qs = selectors.declarations_visible(request.scope)
    status = request.GET.get("status", "")
    if status in Declaration.Status.values:
        qs = qs.filter(status=status)
    if wants_export(request):
        return export_response(
            request,
            title=_("Shutdown and maintenance declarations"),
            columns=DECLARATION_COLUMNS,
            rows=qs,
            action="declaration.export",
        )
    page = page_of(request, qs)
    return render(
        request,
        "monitoring/declaration_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Declaration.Status.choices,
            "can_declare": request.scope.has(Role.ENTERPRISE),
        },
    )


@allow(Role.ENTERPRISE)
def declaration_new(request):
    facilities = registry.facilities_visible(request.scope).order_by("name")
    outlets = registry.outlets_of(facilities)
    form = DeclarationForm(
        request.POST or None, request.FILES or None, facilities=facilities, outlets=outlets
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            declaration = services.declaration_submit(
                actor=request.user,
                facility_id=d["facility"].pk,
                outlet_id=d["outlet"].pk if d["outlet"] else None,
                kind=d["kind"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                reason=d["reason"],
                attachment=d.get("attachment"),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Declaration submitted; the bureau will decide on it."))
            return redirect("monitoring:declaration_detail", pk=declaration.pk)
    return render(request, "monitoring/declaration_form.html", {"form": form})


@allow(*READERS)
def declaration_detail(request, pk: int):
    declaration = selectors.declaration_get(request.scope, pk)
    can_decide = request.scope.is_bureau and declaration.status == Declaration.Status.PENDING
    return render(
        request,
        "monitoring/declaration_detail.html",
        {
            "declaration": declaration,
            "alarms": declaration.alarms.select_related("outlet").order_by("period_start")[:100],
            "decide_form": DecideForm() if can_decide else None,
        },
    )


@allow(*OFFICERS)
@require_POST
def declaration_decide(request, pk: int):
    declaration = selectors.declaration_get(request.scope, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject."))
    else:
        try:
            services.declaration_decide(
                actor=request.user,
                declaration=declaration,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("monitoring:declaration_detail", pk=declaration.pk)


@allow(*READERS)
def electricity(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form, start, end = _range(request, default_days=2)
    return render(
        request,
        "monitoring/electricity.html",
        {
            "facility": facility,
            "form": form,
            "meters": selectors.meters_of(facility.pk),
            "power": selectors.power_series(facility.pk, start, end),
            "findings": selectors.alarm_list(request.scope, facility=facility.pk, kind="electricity")[:20],
            "meter_form": MeterForm(outlets=facility.outlets.order_by("code"))
            if request.scope.is_bureau
            else None,
            "import_form": PowerImportForm() if request.scope.has(*OFFICERS, Role.ENTERPRISE) else None,
        },
    )


@allow(*OFFICERS)
@require_POST
def meter_add(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = MeterForm(request.POST, outlets=facility.outlets.all())
    if not form.is_valid():
        messages.error(request, _("Check the meter's fields."))
    else:
        d = form.cleaned_data
        try:
            services.meter_add(
                actor=request.user,
                facility_id=facility.pk,
                name=d["name"],
                role=d["role"],
                threshold_kw=d["threshold_kw"],
                outlet_id=d["outlet"].pk if d["outlet"] else None,
                code=d["code"].strip(),
                meter_id=d["meter_id"].strip(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Meter added."))
    return redirect("monitoring:electricity", facility_pk=facility.pk)


@allow(*OFFICERS, Role.ENTERPRISE)
@require_POST
def power_import(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = PowerImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
    else:
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            messages.error(request, _("The file is larger than 20 MB."))
        else:
            try:
                n = services.power_import(
                    actor=request.user, facility_id=facility.pk, content=upload.read(), file_name=upload.name
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(n)s power values imported.") % {"n": n})
    return redirect("monitoring:electricity", facility_pk=facility.pk)
