"""Screens of inspection records (E2): my inspections, the list, the phone form, the detail, documents."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.cases import facade as cases
from ecopermit.core import evidence
from ecopermit.core.documents import format_of
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, export_response, page_of, search_term, wants_export
from ecopermit.inspections import records, selectors
from ecopermit.inspections.forms import EvidenceForm, FindingForm, InspectionNewForm, RecordForm
from ecopermit.inspections.models import Evidence
from ecopermit.inspections.vocab import Answer, InspectionStatus
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.ENTERPRISE)
OFFICER = (Role.BUREAU_OFFICER,)

INSPECTION_COLUMNS = (
    Column(gettext_lazy("Number"), lambda i: i.number, 14),
    Column(gettext_lazy("Facility"), lambda i: i.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda i: i.facility.town.name),
    Column(gettext_lazy("Kind"), lambda i: i.get_kind_display()),
    Column(gettext_lazy("Time of inspection"), lambda i: i.inspected_at, 18),
    Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
    Column(gettext_lazy("result"), lambda i: i.get_outcome_display() if i.outcome else ""),
    Column(gettext_lazy("Publish by"), lambda i: i.publication_deadline),
    Column(gettext_lazy("published on"), lambda i: i.published_on),
)


def _is_inspector(request, inspection) -> bool:
    uid = request.user.pk
    return any(i is not None and i.user_id == uid for i in (inspection.inspector1, inspection.inspector2))


@allow(*BUREAU_ROLES)
def my_inspections(request):
    me = selectors.inspector_of(request.user)
    qs = selectors.my_inspections(request.user) if me else selectors.inspections_visible(request.scope).none()
    return render(
        request,
        "inspections/my_inspections.html",
        {
            "me": me,
            "open": [i for i in qs if i.status == InspectionStatus.OPEN],
            "done": [i for i in qs if i.status != InspectionStatus.OPEN][:50],
            "today": timezone.localdate(),
        },
    )


@allow(*READERS)
def inspection_list(request):
    qs = selectors.inspections_visible(request.scope).order_by("-pk")
    status = request.GET.get("status", "")
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    q = search_term(request)
    if q:
        qs = qs.filter(Q(facility__name__icontains=q) | Q(number__icontains=q))
    if wants_export(request):
        return export_response(
            request,
            title=_("Inspection records"),
            columns=INSPECTION_COLUMNS,
            rows=qs.select_related("facility", "facility__town").iterator(chunk_size=2000),
            action="inspection.export",
        )
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "page": page_of(request, qs),
            "status": status,
            "statuses": InspectionStatus.choices,
            "today": timezone.localdate(),
        },
    )


@allow(*OFFICER)
def inspection_new(request):
    me = selectors.inspector_of(request.user)
    if me is None:
        messages.error(
            request,
            _(
                "You are not in the inspector pool: ask for your enforcement certificate "
                "number to be registered."
            ),
        )
        return redirect("inspections:my_inspections")
    form = InspectionNewForm(
        request.POST or None, facilities=registry.facilities_visible(request.scope).order_by("name"), me=me
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inspection = records.inspection_create(
                actor=request.user,
                facility_id=d["facility"].pk,
                kind=d["kind"],
                inspector1=me,
                inspector2=d["inspector2"],
                non_site_source=d["non_site_source"],
                checklist=d["checklist"] or None,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("inspections:inspection_record", pk=inspection.pk)
    return render(request, "inspections/inspection_new.html", {"form": form})


@allow(*OFFICER)
def inspection_record(request, pk: int):
    """The form an inspector fills in on site, on a phone: time, place (GPS), representative, the checklist."""
    inspection = selectors.inspection_get(request.scope, pk)
    if not _is_inspector(request, inspection) or inspection.status != InspectionStatus.OPEN:
        messages.error(request, _("Only the inspection's own inspectors can record it, while it is open."))
        return redirect("inspections:inspection_detail", pk=inspection.pk)
    items = records.checklist_items(inspection)
    saved = {a.item_id: a for a in inspection.answers.all()}
    initial = {
        "inspected_at": timezone.localtime(inspection.inspected_at)
        if inspection.inspected_at
        else timezone.localtime().replace(second=0, microsecond=0),
        "place": inspection.place or inspection.facility.address,
        "lat": inspection.lat,
        "lon": inspection.lon,
        "representative": inspection.representative,
        "representative_title": inspection.representative_title,
        "summary": inspection.summary,
    }
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = {}
        for item in items:
            value = request.POST.get(f"answer_{item.code}", "")
            if value in Answer.values:
                answers[item.code] = (value, request.POST.get(f"note_{item.code}", "").strip())
        d = form.cleaned_data
        try:
            records.inspection_record(
                actor=request.user,
                inspection=inspection,
                inspected_at=d["inspected_at"],
                place=d["place"],
                lat=d["lat"],
                lon=d["lon"],
                representative=d["representative"],
                representative_title=d["representative_title"],
                summary=d["summary"],
                answers=answers,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Record saved."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    rows = [(item, saved.get(item.pk)) for item in items]
    return render(
        request,
        "inspections/inspection_form.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": rows,
            "answers": Answer.choices,
        },
    )


@allow(*READERS)
def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get(request.scope, pk)
    mine = _is_inspector(request, inspection)
    is_open = inspection.status == InspectionStatus.OPEN
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "answers": inspection.answers.select_related("item"),
            "findings": inspection.findings.select_related("item"),
            "evidence": inspection.evidence.all(),
            "can_record": mine and is_open,
            "finding_form": FindingForm() if mine and is_open else None,
            "evidence_form": EvidenceForm()
            if mine and inspection.status != InspectionStatus.PUBLISHED
            else None,
            "can_publish": request.scope.has(*OFFICER) and inspection.status == InspectionStatus.COMPLETED,
            "is_bureau": request.scope.is_bureau,
            "today": timezone.localdate(),
        },
    )


def _own_open(request, pk: int):
    inspection = selectors.inspection_get(request.scope, pk)
    if not _is_inspector(request, inspection):
        raise Http404
    return inspection


def _act(request, inspection, action, success):
    """Runs one write; its refusal becomes an error message, its result a success message (``success(result)``)."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(result))
    return redirect("inspections:inspection_detail", pk=inspection.pk)


def _invalid(message: str) -> None:
    raise DomainError(message)


@allow(*OFFICER)
@require_POST
def finding_add(request, pk: int):
    inspection = _own_open(request, pk)
    form = FindingForm(request.POST)

    def add():
        if not form.is_valid():
            _invalid(_("Check the finding: %(e)s") % {"e": form.errors.as_text()})
        d = form.cleaned_data
        return records.finding_add(
            actor=request.user,
            inspection=inspection,
            kind=d["kind"],
            description=d["description"],
            required_action=d["required_action"],
        )

    return _act(
        request,
        inspection,
        add,
        lambda f: (
            _("Finding recorded as a problem on the facility's rectification case %(n)s.")
            % {"n": cases.problem_case_number(f.problem_id) if f.problem_id else ""}
        ),
    )


@allow(*OFFICER)
@require_POST
def evidence_add(request, pk: int):
    inspection = _own_open(request, pk)
    form = EvidenceForm(request.POST, request.FILES)

    def add():
        if not form.is_valid():
            _invalid(_("Choose a file and its kind."))
        upload = form.cleaned_data["file"]
        return records.evidence_add(
            actor=request.user,
            inspection=inspection,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            content=upload.read(),
            note=form.cleaned_data["note"],
        )

    return _act(request, inspection, add, lambda _e: _("Evidence stored with its SHA-256."))


@allow(*OFFICER)
@require_POST
def inspection_complete(request, pk: int):
    inspection = _own_open(request, pk)
    return _act(
        request,
        inspection,
        lambda: records.inspection_complete(actor=request.user, inspection=inspection),
        lambda _i: _("Inspection completed."),
    )


@allow(*OFFICER)
@require_POST
def inspection_publish(request, pk: int):
    inspection = selectors.inspection_get(request.scope, pk)
    return _act(
        request,
        inspection,
        lambda: records.inspection_publish(actor=request.user, inspection=inspection),
        lambda _i: _("Result published."),
    )


@allow(*READERS)
def evidence_download(request, pk: int):
    ev = get_object_or_404(Evidence, pk=pk)
    selectors.inspection_get(request.scope, ev.inspection_id)  # 404 outside the actor's scope
    # The stored hash is checked on every read (it was not: issue 12).
    return evidence.download(
        request,
        ev,
        field_file=ev.file,
        sha256=ev.sha256,
        filename=ev.original_name,
        content_type=ev.content_type,
    )


@allow(*READERS)
def record_download(request, pk: int, fmt: str):
    from ecopermit.inspections.documents import render_record

    inspection = selectors.inspection_get(request.scope, pk)
    doc_format = format_of(fmt)
    if doc_format is None:
        raise Http404
    content = render_record(inspection, doc_format)
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    name = f"现场检查笔录-{inspection.facility.name}-{inspection.pk}.{fmt}"
    response = HttpResponse(content, content_type=types[doc_format])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
