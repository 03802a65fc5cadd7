from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.cases import lists, selectors, services
from ecopermit.cases.forms import (
    CaseFilterForm,
    NoticeForm,
    ProblemForm,
    ReviewForm,
    ServiceForm,
    TransitionForm,
    UploadForm,
)
from ecopermit.cases.models import CaseDocument, RectificationNotice
from ecopermit.cases.states import STEP_OF, Status, Step, Who, allowed_targets, transition
from ecopermit.cases.vocab import ExitPath, Source
from ecopermit.core import clock, evidence, hooks
from ecopermit.core.audit.services import audit_record
from ecopermit.core.documents import format_of
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, attachment, export_response, page_of, wants_export
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE, Role.AGENCY)
OFFICERS = tuple(BUREAU_ROLES)
ACTORS = (*BUREAU_ROLES, Role.ENTERPRISE)

CASE_COLUMNS = (
    Column(gettext_lazy("Number"), lambda c: c.number, 14),
    Column(gettext_lazy("Facility"), lambda c: c.facility.name, 36),
    Column(gettext_lazy("Unified social credit code"), lambda c: c.facility.credit_code, 22),
    Column(gettext_lazy("Town/street"), lambda c: c.facility.town.name),
    Column(gettext_lazy("Status"), lambda c: Status(c.status).label),
    Column(gettext_lazy("Step"), lambda c: STEP_OF[Status(c.status)].label),
    Column(gettext_lazy("Deadline"), lambda c: c.deadline),
    Column(gettext_lazy("Opened"), lambda c: c.opened_at, 18),
)


def _who(scope) -> Who:
    return Who.OFFICER if scope.is_bureau else Who.ENTERPRISE


@allow(*READERS)
def case_list(request):
    scope = request.scope
    form = CaseFilterForm(request.GET or None, towns=registry.facility_towns(scope))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.case_list(
        scope,
        town=f["town"].pk if f.get("town") else None,
        category=f.get("category", ""),
        step=f.get("step", ""),
        overdue=bool(f.get("overdue")),
        q=f.get("q", ""),
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Rectification cases"),
            columns=CASE_COLUMNS,
            rows=qs.iterator(chunk_size=2000),
            action="case.export",
        )
    page = page_of(request, qs)
    counts = selectors.case_counts(scope)
    steps = [(step.value, step.label, counts["by_step"][step]) for step in Step]
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "steps": steps,
            "today": clock.today(),
        },
    )


@allow(*READERS)
def case_detail(request, pk: int):
    case = selectors.case_get(request.scope, pk)
    scope = request.scope
    who = _who(scope)
    can_act = scope.has(*ACTORS)
    # The notice and service needs have their own forms; the rest are buttons labelled with the target status.
    targets = [
        (t, Status(t).label)
        for t in (allowed_targets(case.status, who) if can_act else [])
        if (move := transition(case.status, t)) is not None
        and move.label not in ("serve_notice", "record_service")
    ]
    context = {
        "case": case,
        "step": STEP_OF[Status(case.status)],
        "problems": case.problems.select_related("responsible_department", "responsible_town").order_by("pk"),
        "services": case.service_demands.select_related("provider"),
        "notices": case.notices.select_related("superseded_by", "supersedes"),
        "documents": case.documents.select_related("uploaded_by", "reviewed_by"),
        "timeline": selectors.case_timeline(case),
        "targets": targets,
        "is_officer": scope.is_bureau,
        "is_enterprise": scope.has(Role.ENTERPRISE),
        "problem_form": ProblemForm() if scope.is_bureau else None,
        "service_form": ServiceForm()
        if scope.is_bureau and case.status in (Status.FOUND, Status.SERVICE)
        else None,
        "notice_form": NoticeForm(initial={"served_on": clock.today()})
        if scope.is_bureau and case.status in (Status.FOUND, Status.SERVICE)
        else None,
        "correction_form": NoticeForm(initial={"served_on": clock.today(), "deadline": case.deadline})
        if scope.is_bureau
        and case.notices.filter(superseded_by__isnull=True).exists()
        and case.status not in (Status.ACCEPTED, Status.PUBLISHED)
        else None,
        "upload_form": UploadForm() if can_act and case.status != Status.PUBLISHED else None,
        "review_form": ReviewForm() if scope.is_bureau else None,
        "today": clock.today(),
        "exit_path": ExitPath(case.exit_path).label if case.exit_path else None,
        "still_needed": selectors.acceptance_missing(case),
    }
    context.update(
        hooks.context("case_page", request=request, case=case)
    )  # the penalty cases (core/hooks.py)
    return render(request, "cases/case_detail.html", context)


def _back(case_pk: int):
    return redirect("cases:case_detail", pk=case_pk)


@allow(*ACTORS)
@require_POST
def case_transition(request, pk: int):
    case = selectors.case_get(request.scope, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                actor=request.user,
                case=case,
                target=form.cleaned_data["target"],
                who=_who(request.scope),
                note=form.cleaned_data["note"],
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Case updated."))
    return _back(case.pk)


@allow(*OFFICERS)
@require_POST
def problem_add(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = ProblemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the problem's fields."))
        return redirect("registry:facility_detail", pk=facility.pk)
    d = form.cleaned_data
    problem = services.problem_raise(
        actor=request.user,
        facility_id=facility.pk,
        kind=d["kind"],
        description=d["description"],
        required_action=d["required_action"],
        source=Source.MANUAL,
        department=d["department"],
        town=facility.town,
        push_by=d["push_by"],
    )
    messages.success(request, _("Problem recorded."))
    assert problem.case_id is not None  # problem_raise files every problem it records on a case
    return _back(problem.case_id)


@allow(*OFFICERS)
@require_POST
def service_add(request, pk: int):
    case = selectors.case_get(request.scope, pk)
    form = ServiceForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.service_demand_add(
            actor=request.user,
            case=case,
            kind=d["kind"],
            description=d["description"],
            provider=d["provider"],
            due=d["due"],
        )
        messages.success(request, _("Service need recorded."))
    else:
        messages.error(request, _("Check the service's fields."))
    return _back(case.pk)


@allow(*OFFICERS)
@require_POST
def notice_issue(request, pk: int):
    case = selectors.case_get(request.scope, pk)
    form = NoticeForm(request.POST)
    supersede = None
    if request.POST.get("supersede"):
        supersede = get_object_or_404(RectificationNotice, pk=request.POST["supersede"], case=case)
    if form.is_valid():
        try:
            notice = services.notice_issue(
                actor=request.user,
                case=case,
                deadline=form.cleaned_data["deadline"],
                served_on=form.cleaned_data["served_on"],
                supersede=supersede,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Notice %(n)s served.") % {"n": notice.number})
    else:
        messages.error(request, _("Give the deadline and the date of service."))
    return _back(case.pk)


@allow(Role.ENTERPRISE)
@require_POST
def notice_acknowledge(request, pk: int):
    notice = get_object_or_404(RectificationNotice, pk=pk)
    selectors.case_get(request.scope, notice.case_id)  # 404 outside the actor's facilities
    services.notice_acknowledge(actor=request.user, notice=notice)
    messages.success(request, _("Receipt acknowledged."))
    return _back(notice.case_id)


@allow(*READERS)
def notice_download(request, pk: int, fmt: str):
    from ecopermit.cases.documents import render_notice

    notice = get_object_or_404(RectificationNotice, pk=pk)
    selectors.case_get(request.scope, notice.case_id)
    doc_format = format_of(fmt)
    if doc_format is None:
        raise Http404
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[doc_format]
    return HttpResponse(
        render_notice(notice, doc_format),
        content_type=content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(notice.number + '.' + fmt)}"},
    )


@allow(*ACTORS)
@require_POST
def document_upload(request, pk: int):
    case = selectors.case_get(request.scope, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            messages.error(request, _("The file is larger than 20 MB."))
            return _back(case.pk)
        try:
            services.document_upload(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                content=upload.read(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("File uploaded."))
    else:
        messages.error(request, _("Choose the kind and the file."))
    return _back(case.pk)


@allow(*OFFICERS)
@require_POST
def document_review(request, pk: int):
    document = get_object_or_404(CaseDocument, pk=pk)
    selectors.case_get(request.scope, document.case_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.document_review(
                actor=request.user,
                document=document,
                accepted=form.cleaned_data["accepted"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return _back(document.case_id)


@allow(*READERS)
def document_download(request, pk: int):
    document = get_object_or_404(CaseDocument, pk=pk)
    selectors.case_get(request.scope, document.case_id)
    return evidence.download(
        request,
        document,
        field_file=document.file,
        sha256=document.sha256,
        filename=document.original_name,
        content_type=document.content_type,
    )


@allow(*READERS)
def three_lists(request, which: str):
    if which not in lists.LISTS:
        raise Http404
    spec = lists.LISTS[which]
    rows = spec.rows(request.scope, request.GET)
    if request.GET.get("format") == "xlsx":
        audit_record(actor=request.user, action=f"list.export.{which}", extra={"filters": request.GET.dict()})
        return attachment(lists.to_xlsx(spec, rows), f"{spec.title}.xlsx")
    page = page_of(request, rows, per_page=50)
    cells = [
        ([c.value(row) for c in spec.columns], spec.due(row) if spec.due else (None, True)) for row in page
    ]
    return render(
        request,
        "cases/list.html",
        {
            "spec": spec,
            "page": page,
            "cells": cells,
            "which": which,
            "lists": lists.LISTS,
            "filters": lists.filter_form(request),
        },
    )
