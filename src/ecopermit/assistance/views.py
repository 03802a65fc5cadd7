"""Screens of the service measures (S1–S7). Each view declares its roles; the selectors scope the objects (an
enterprise sees its own, a department officer the requests sent to its department, an agency account its agency)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.access import allow, allow_public
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.assistance import forms, guides, rules, selectors, services
from ecopermit.assistance.models import BookingStatus, BuildingStatus, ItemState
from ecopermit.core import clock, evidence
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Park, Town
from ecopermit.core.tables import Column, export_response, page_of, wants_export
from ecopermit.registry import facade as registry

OFFICERS = tuple(BUREAU_ROLES)
ENT = Role.ENTERPRISE
TOWN = Role.TOWN_OFFICER
DEPT = Role.DEPARTMENT_OFFICER
AGENCY = Role.AGENCY
READERS = (*OFFICERS, TOWN, DEPT, ENT, AGENCY)


EVENT_LABELS = {
    "booked": gettext_lazy("Booked"),
    "status.answer": gettext_lazy("Answered"),
    "status.cancel": gettext_lazy("Cancelled"),
    "faq.published": gettext_lazy("Published in the public FAQ"),
    "faq.withdrawn": gettext_lazy("Withdrawn from the public FAQ"),
    "submitted": gettext_lazy("Request sent"),
    "status.approve": gettext_lazy("Approved"),
    "status.refuse": gettext_lazy("Refused"),
    "status.withdraw": gettext_lazy("Withdrawn"),
}


BOOKING_COLUMNS = [
    Column(gettext_lazy("Number"), lambda b: b.number),
    Column(gettext_lazy("Date"), lambda b: b.slot.on),
    Column(gettext_lazy("Facility"), lambda b: b.facility.name),
    Column(gettext_lazy("Topic"), lambda b: b.topic),
    Column(gettext_lazy("Question"), lambda b: b.question),
    Column(gettext_lazy("Status"), lambda b: b.get_status_display()),
    Column(gettext_lazy("Officer's answer"), lambda b: b.answer),
]
BUILDING_COLUMNS = [
    Column(gettext_lazy("Number"), lambda r: r.number),
    Column(gettext_lazy("Facility"), lambda r: r.facility.name),
    Column(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
    Column(gettext_lazy("Department"), lambda r: r.department.name),
    Column(gettext_lazy("Submitted on"), lambda r: r.submitted_on),
    Column(gettext_lazy("Decide by"), lambda r: r.decide_by),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column(gettext_lazy("Conditions"), lambda r: r.conditions),
]


def _events(qs):
    rows = list(qs.select_related("actor"))
    for e in rows:
        e.label = EVENT_LABELS.get(e.kind, e.kind)
    return rows


def _facilities(request):
    return registry.facilities_visible(request.scope).order_by("name")


def _fail(request, form, exc: DomainError) -> None:
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    elif form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


@allow(*READERS)
def home(request):
    scope = request.scope
    today = clock.today()
    context: dict[str, Any] = {"today": today, "guides": guides.all_guides()}
    if scope.has(*OFFICERS, ENT, TOWN):
        bookings = selectors.bookings_visible(scope)
        context["bookings_waiting"] = bookings.filter(status=BookingStatus.BOOKED).count()
        context["slots"] = selectors.slots_open(today)[:4]
    if scope.has(*OFFICERS, TOWN):
        context["not_visited"] = selectors.not_visited_this_year(scope, today=today).count()
    if scope.has(ENT):
        ids = list(_facilities(request).values_list("pk", flat=True))
        context["duties"] = [d for rows in selectors.duties(ids, today=today).values() for d in rows]
        context["my_guides"] = selectors.assignments_visible(scope)
    context["buildings_waiting"] = (
        selectors.buildings_visible(scope).filter(status=BuildingStatus.SUBMITTED).count()
        if scope.has(*OFFICERS, DEPT, ENT, TOWN)
        else None
    )
    return render(request, "assistance/home.html", context)


# S1 -------------------------------------------------------------------------------------------------------------
@allow(*OFFICERS, TOWN, ENT)
def booking_list(request):
    scope = request.scope
    status = request.GET.get("status", "")
    rows = selectors.bookings_visible(scope)
    if status in BookingStatus.values:
        rows = rows.filter(status=status)
    today = clock.today()
    if wants_export(request):
        return export_response(
            request,
            title=_("Wednesday consultations"),
            columns=BOOKING_COLUMNS,
            rows=rows.order_by("-slot__on", "pk"),
            action="assistance.booking.export",
        )
    return render(
        request,
        "assistance/booking_list.html",
        {
            "page": page_of(request, rows.order_by("-slot__on", "slot__starts_at", "pk")),
            "status": status,
            "statuses": BookingStatus.choices,
            "slots": selectors.slots_open(today)[:8],
            "can_book": scope.has(ENT, *OFFICERS),
        },
    )


@allow(*OFFICERS, ENT)
def booking_new(request):
    today = clock.today()
    slots = selectors.slots_open(today)
    form = forms.BookingForm(
        request.POST or None,
        slots=slots,
        facilities=_facilities(request),
        initial={"slot": request.GET.get("slot")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                actor=request.user,
                slot=form.cleaned_data["slot"],
                facility_id=form.cleaned_data["facility"].pk,
                topic=form.cleaned_data["topic"],
                question=form.cleaned_data["question"],
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(
                request, _("Booked: %(n)s. Come to %(p)s.") % {"n": booking.number, "p": booking.slot.place}
            )
            return redirect("assistance:booking_detail", pk=booking.pk)
    return render(request, "assistance/booking_new.html", {"form": form})


@allow(*OFFICERS, TOWN, ENT)
def booking_detail(request, pk: int):
    booking = selectors.booking_get(request.scope, pk)
    officer = request.scope.has(*OFFICERS)
    return render(
        request,
        "assistance/booking_detail.html",
        {
            "b": booking,
            "officer": officer,
            "events": _events(booking.events),
            "answer_form": forms.AnswerForm() if officer and booking.status == BookingStatus.BOOKED else None,
            "publish_form": forms.PublishForm(
                initial={
                    "question": booking.faq_question or booking.question,
                    "answer": booking.faq_answer or booking.answer,
                }
            )
            if officer and booking.status == BookingStatus.ANSWERED
            else None,
            "can_cancel": booking.status == BookingStatus.BOOKED and request.scope.has(*OFFICERS, ENT),
        },
    )


@allow(*OFFICERS)
@require_POST
def booking_answer(request, pk: int):
    booking = selectors.booking_get(request.scope, pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.booking_answer(actor=request.user, booking=booking, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("assistance:booking_detail", pk=pk)


@allow(*OFFICERS, ENT)
@require_POST
def booking_cancel(request, pk: int):
    booking = selectors.booking_get(request.scope, pk)
    try:
        services.booking_cancel(actor=request.user, booking=booking, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Booking cancelled."))
    return redirect("assistance:booking_detail", pk=pk)


@allow(*OFFICERS)
@require_POST
def booking_publish(request, pk: int):
    booking = selectors.booking_get(request.scope, pk)
    try:
        if request.POST.get("withdraw"):
            services.booking_unpublish_faq(actor=request.user, booking=booking)
            messages.success(request, _("Withdrawn from the public FAQ."))
        else:
            form = forms.PublishForm(request.POST)
            data = form.cleaned_data if form.is_valid() else {}
            services.booking_publish_faq(actor=request.user, booking=booking, **data)
            messages.success(request, _("Published in the public FAQ, anonymised."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assistance:booking_detail", pk=pk)


@allow(*OFFICERS)
@require_POST
def slots_generate(request):
    created = services.slots_generate(actor=request.user)
    messages.success(request, _("%(n)d sessions added.") % {"n": len(created)})
    return redirect("assistance:booking_list")


@allow_public
def public_faq(request):
    page = page_of(request, selectors.faq_published())
    return render(request, "assistance/public_faq.html", {"page": page})


@allow_public
def public_agencies(request):
    return render(
        request,
        "assistance/public_agencies.html",
        {
            "notices": selectors.notices_public()[:50],
            "suspended": selectors.suspensions_public(clock.today()),
        },
    )


# S2 -------------------------------------------------------------------------------------------------------------
@allow(*OFFICERS, TOWN)
def guide_list(request):
    scope = request.scope
    today = clock.today()
    mine = request.GET.get("mine") == "1"
    rows = selectors.assignments_visible(scope).order_by("facility__town__name", "facility__name")
    if mine:
        rows = rows.filter(guide=request.user)
    page = page_of(request, rows)
    ids = [a.facility_id for a in page]
    visited = set(
        selectors.visits_visible(scope)
        .filter(facility_id__in=ids, visited_on__year=today.year)
        .values_list("facility_id", flat=True)
    )
    duties = selectors.duties(ids, today=today)
    for a in page:
        a.duties = duties.get(a.facility_id, [])
        a.visited = a.facility_id in visited
    unassigned = _facilities(request).exclude(
        pk__in=selectors.assignments_visible(scope).values("facility_id")
    )
    return render(
        request,
        "assistance/guide_list.html",
        {
            "page": page,
            "mine": mine,
            "not_visited": selectors.not_visited_this_year(scope, today=today).count(),
            "unassigned": unassigned.count(),
            "assign_form": _assign_form(request) if scope.has(*OFFICERS) else None,
        },
    )


def _assign_form(request, data=None):
    return forms.AssignForm(data, facilities=_facilities(request), guides=accounts.guide_candidates())


@allow(*OFFICERS)
@require_POST
def guide_assign(request):
    form = _assign_form(request, request.POST)
    if form.is_valid():
        try:
            services.guide_assign(
                actor=request.user,
                facility_id=form.cleaned_data["facility"].pk,
                guide=form.cleaned_data["guide"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Guide assigned."))
    else:
        messages.error(request, _("Choose the facility and the guide."))
    return redirect("assistance:guide_list")


@allow(*OFFICERS, TOWN, ENT)
def guide_facility(request, pk: int):
    facility = registry.facility_get(request.scope, pk)
    today = clock.today()
    assignment = selectors.assignments_visible(request.scope).filter(facility_id=pk).first()
    form = forms.VisitForm(request.POST or None, initial={"visited_on": today})
    can_record = request.scope.has(*OFFICERS) or (
        assignment is not None and assignment.guide_id == request.user.pk
    )
    if request.method == "POST" and can_record and form.is_valid():
        try:
            services.visit_record(actor=request.user, facility_id=pk, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("assistance:guide_facility", pk=pk)
    return render(
        request,
        "assistance/guide_facility.html",
        {
            "facility": facility,
            "assignment": assignment,
            "visits": selectors.visits_visible(request.scope).filter(facility_id=pk),
            "duties": selectors.duties([pk], today=today)[pk],
            "form": form if can_record else None,
        },
    )


# S3 / S7 --------------------------------------------------------------------------------------------------------
@allow(*OFFICERS, DEPT, AGENCY)
def agency_list(request):
    today = clock.today()
    rows = list(selectors.agencies_visible(request.scope).prefetch_related("suspensions", "checks"))
    for a in rows:
        a.suspension = selectors.agency_suspended(a, today)
        a.average = selectors.agency_average_score(a)
    form = forms.AgencyForm(request.POST or None) if request.scope.has(*OFFICERS) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            agency = services.agency_register(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("Agency registered."))
            return redirect("assistance:agency_detail", pk=agency.pk)
    return render(request, "assistance/agency_list.html", {"agencies": rows, "form": form})


@allow(*OFFICERS, DEPT, AGENCY)
def agency_detail(request, pk: int):
    agency = selectors.agency_get(request.scope, pk)
    officer = request.scope.has(*OFFICERS)
    checks = selectors.checks_of(agency)
    return render(
        request,
        "assistance/agency_detail.html",
        {
            "agency": agency,
            "officer": officer,
            "suspension": selectors.agency_suspended(agency, clock.today()),
            "suspensions": agency.suspensions.all(),
            "average": selectors.agency_average_score(agency),
            "checks": checks,
            "poor": rules.POOR_SCORE,
            "notices": agency.notices.all(),
            "members": agency.members.all(),
            "contracts": agency.contracts.all(),
            "check_form": forms.QualityCheckForm(initial={"checked_on": clock.today()}) if officer else None,
            "notice_form": forms.AgencyNoticeForm(checks=[c for c in checks if rules.is_poor(c.score)])
            if officer
            else None,
            "suspend_form": forms.SuspensionForm() if officer else None,
            "lift_form": forms.LiftForm() if officer else None,
            "member_form": forms.MemberForm() if officer else None,
        },
    )


@allow(*OFFICERS)
@require_POST
def agency_action(request, pk: int, which: str):
    agency = selectors.agency_get(request.scope, pk)
    try:
        if which == "check":
            form: Any = forms.QualityCheckForm(request.POST)
            if form.is_valid():
                services.quality_check_record(actor=request.user, agency=agency, **form.cleaned_data)
        elif which == "notice":
            form = forms.AgencyNoticeForm(request.POST, checks=agency.checks.all())
            if form.is_valid():
                data = dict(form.cleaned_data)
                check_id = data.pop("check_id")
                check = agency.checks.filter(pk=check_id).first() if check_id else None
                services.notice_publish(actor=request.user, agency=agency, check=check, **data)
        elif which == "suspend":
            form = forms.SuspensionForm(request.POST)
            if form.is_valid():
                services.suspension_decide(actor=request.user, agency=agency, **form.cleaned_data)
        elif which == "lift":
            form = forms.LiftForm(request.POST)
            suspension = selectors.agency_suspended(agency, clock.today())
            if form.is_valid() and suspension is not None:
                services.suspension_lift(
                    actor=request.user, suspension=suspension, note=form.cleaned_data["note"]
                )
        elif which == "member":
            form = forms.MemberForm(request.POST)
            if form.is_valid():
                services.agency_member_add(
                    actor=request.user, agency=agency, username=form.cleaned_data["username"]
                )
        else:
            return redirect("assistance:agency_detail", pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if form.is_valid():
            messages.success(request, _("Saved."))
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("assistance:agency_detail", pk=pk)


def _contract_form(request, data=None):
    return forms.ContractForm(
        data,
        agencies=selectors.agencies_visible(request.scope),
        parks=Park.objects.order_by("name"),
        facilities=_facilities(request),
    )


@allow(*OFFICERS, TOWN, DEPT, ENT, AGENCY)
def contract_list(request):
    form = _contract_form(request, request.POST or None) if request.scope.has(*OFFICERS) else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        ids = [f.pk for f in data.pop("facilities")]
        try:
            contract = services.contract_record(actor=request.user, facility_ids=ids, **data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("Contract recorded."))
            return redirect("assistance:contract_detail", pk=contract.pk)
    rows = selectors.contracts_visible(request.scope)
    return render(
        request, "assistance/contract_list.html", {"contracts": rows, "form": form, "today": clock.today()}
    )


@allow(*OFFICERS, TOWN, DEPT, ENT, AGENCY)
def contract_detail(request, pk: int):
    scope = request.scope
    contract = selectors.contract_get(scope, pk)
    can_record = scope.has(*OFFICERS) or contract.agency.members.filter(pk=request.user.pk).exists()
    form = (
        forms.ServiceRecordForm(
            request.POST or None,
            facilities=contract.facilities.order_by("name"),
            initial={"done_on": clock.today()},
        )
        if can_record
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        facility = data.pop("facility")
        try:
            services.service_record(actor=request.user, contract=contract, facility_id=facility.pk, **data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("assistance:contract_detail", pk=pk)
    return render(
        request,
        "assistance/contract_detail.html",
        {"c": contract, "records": selectors.service_records(scope, contract), "form": form},
    )


# S4 -------------------------------------------------------------------------------------------------------------
@allow(*READERS)
def shared_list(request):
    scope = request.scope
    officer = scope.has(*OFFICERS)
    agencies = selectors.agencies_visible(scope) if officer else None
    report_form = (
        forms.SharedReportForm(
            request.POST if request.POST.get("form") == "report" else None,
            request.FILES or None,
            towns=Town.objects.order_by("name"),
            agencies=agencies,
        )
        if officer
        else None
    )
    commission_form = (
        forms.CommissionForm(
            request.POST if request.POST.get("form") == "commission" else None,
            agencies=agencies,
            facilities=_facilities(request),
        )
        if officer
        else None
    )
    if request.method == "POST" and officer:
        try:
            if report_form is not None and report_form.is_bound and report_form.is_valid():
                data = dict(report_form.cleaned_data)
                upload = data.pop("file")
                services.shared_report_upload(
                    actor=request.user, content=upload.read(), file_name=upload.name, **data
                )
                messages.success(request, _("Report uploaded."))
                return redirect("assistance:shared_list")
            if commission_form is not None and commission_form.is_bound and commission_form.is_valid():
                data = dict(commission_form.cleaned_data)
                ids = [f.pk for f in data.pop("members")]
                services.joint_commission_record(actor=request.user, facility_ids=ids, **data)
                messages.success(request, _("Joint commission recorded."))
                return redirect("assistance:shared_list")
        except DomainError as exc:
            messages.error(request, exc.message)
    cite_form = forms.CiteForm(facilities=_facilities(request)) if scope.has(*OFFICERS, ENT) else None
    return render(
        request,
        "assistance/shared_list.html",
        {
            "reports": selectors.shared_reports(scope),
            "commissions": selectors.commissions_visible(scope),
            "report_form": report_form,
            "commission_form": commission_form,
            "cite_form": cite_form,
            "visible_ids": set(_facilities(request).values_list("pk", flat=True)),
        },
    )


@allow(*READERS)
def shared_download(request, pk: int):
    report = selectors.shared_report_get(pk)
    return evidence.download(
        request,
        report,
        field_file=report.file,
        sha256=report.sha256,
        filename=report.original_name or "report.pdf",
        content_type="application/pdf",
    )


@allow(*OFFICERS, ENT)
@require_POST
def shared_cite(request, pk: int):
    report = selectors.shared_report_get(pk)
    form = forms.CiteForm(request.POST, facilities=_facilities(request))
    if form.is_valid():
        try:
            services.shared_report_cite(
                actor=request.user, report=report, facility_id=form.cleaned_data["facility"].pk
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Citation recorded."))
    return redirect("assistance:shared_list")


# S5 -------------------------------------------------------------------------------------------------------------
@allow(*OFFICERS, TOWN, DEPT, ENT)
def building_list(request):
    form = forms.BuildingForm(request.POST or None, request.FILES or None, facilities=_facilities(request))
    can_request = request.scope.has(ENT)
    if request.method == "POST" and can_request and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("drawing")
        facility = data.pop("facility")
        try:
            req = services.building_submit(
                actor=request.user,
                facility_id=facility.pk,
                drawing=upload.read(),
                drawing_name=upload.name,
                **data,
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(
                request,
                _("Request %(n)s sent; decision due by %(d)s.") % {"n": req.number, "d": req.decide_by},
            )
            return redirect("assistance:building_detail", pk=req.pk)
    rows = selectors.buildings_visible(request.scope)
    if wants_export(request):
        return export_response(
            request,
            title=_("Temporary buildings"),
            columns=BUILDING_COLUMNS,
            rows=rows,
            action="assistance.building.export",
        )
    return render(
        request,
        "assistance/building_list.html",
        {
            "page": page_of(request, rows),
            "form": form if can_request else None,
            "today": clock.today(),
            "deadline_source": rules.DECISION_SOURCE,
        },
    )


@allow(*OFFICERS, TOWN, DEPT, ENT)
def building_detail(request, pk: int):
    req = selectors.building_get(request.scope, pk)
    deciding = req.status == BuildingStatus.SUBMITTED and req.department_id in request.scope.department_ids
    form = forms.DecideForm(request.POST or None) if deciding else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.building_decide(actor=request.user, request=req, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("assistance:building_detail", pk=pk)
    return render(
        request,
        "assistance/building_detail.html",
        {
            "r": req,
            "form": form,
            "today": clock.today(),
            "events": _events(req.events),
            "can_withdraw": req.status == BuildingStatus.SUBMITTED and request.scope.has(ENT),
            "deadline_source": rules.DECISION_SOURCE,
        },
    )


@allow(*OFFICERS, TOWN, DEPT, ENT)
def building_drawing(request, pk: int):
    req = selectors.building_get(request.scope, pk)
    ctype = evidence.sniff(req.drawing.open("rb").read(16)) or "application/octet-stream"
    req.drawing.close()
    return evidence.download(
        request,
        req,
        field_file=req.drawing,
        sha256=req.drawing_sha256,
        filename=req.drawing_name,
        content_type=ctype,
    )


@allow(ENT)
@require_POST
def building_withdraw(request, pk: int):
    req = selectors.building_get(request.scope, pk)
    try:
        services.building_withdraw(actor=request.user, request=req, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("assistance:building_detail", pk=pk)


# S6 -------------------------------------------------------------------------------------------------------------
@allow(*READERS)
def guide_index(request):
    return render(
        request,
        "assistance/guide_index.html",
        {"guides": guides.all_guides(), "checks": selectors.selfchecks_visible(request.scope)[:20]},
    )


@allow(*READERS)
def industry_guide(request, pk: int):
    guide = guides.guide_by_order(pk)
    if guide is None:
        raise Http404
    form = (
        forms.SelfCheckStartForm(request.POST or None, facilities=_facilities(request))
        if request.scope.has(ENT)
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            check = services.selfcheck_start(
                actor=request.user, facility_id=form.cleaned_data["facility"].pk, guide_code=guide.code
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            return redirect("assistance:selfcheck_detail", pk=check.pk)
    return render(request, "assistance/industry_guide.html", {"guide": guide, "form": form})


@allow(*OFFICERS, TOWN, ENT)
def selfcheck_detail(request, pk: int):
    check = selectors.selfcheck_get(request.scope, pk)
    guide = guides.guide(check.guide_code)
    editable = request.scope.has(ENT)
    if request.method == "POST" and editable:
        marks = {
            item.code: (
                request.POST.get(f"state-{item.code}", item.state),
                request.POST.get(f"note-{item.code}", ""),
            )
            for item in check.items.all()
        }
        try:
            services.selfcheck_mark(actor=request.user, check=check, marks=marks)
            if request.POST.get("to_plan"):
                made = services.selfcheck_to_plan(actor=request.user, check=check)
                messages.success(
                    request,
                    _("%(n)d open items added to the facility's rectification plan.") % {"n": len(made)},
                )
            else:
                messages.success(request, _("Saved."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("assistance:selfcheck_detail", pk=pk)
    items = list(check.items.all())
    for item in items:
        item.line = guide.item(item.code) if guide else None  # type: ignore[attr-defined]
    counts = {s: sum(1 for i in items if i.state == s) for s in ItemState.values}
    return render(
        request,
        "assistance/selfcheck_detail.html",
        {
            "check": check,
            "guide": guide,
            "items": items,
            "counts": counts,
            "states": ItemState.choices,
            "editable": editable,
            "open_left": sum(1 for i in items if i.state == ItemState.OPEN and not i.problem_id),
        },
    )
