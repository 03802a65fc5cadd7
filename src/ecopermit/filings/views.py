"""Screens of the self-proof app (issue 13): the execution reports due, each report's versions and review.

Who: an enterprise user sees and submits its own facilities' reports; bureau officers see all, submit for an
enterprise (bulk entry) and review; town and department officers read their area's. Each view declares its roles.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock, evidence
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, attachment, export_response, page_of, wants_export
from ecopermit.filings import report_bulk as bulk_sheets
from ecopermit.filings import report_sheets, selectors, services
from ecopermit.filings.forms import (
    BulkTemplateForm,
    BulkUploadForm,
    DeadlineForm,
    FilterForm,
    ReportUploadForm,
    RequirementForm,
    ReviewForm,
    ShutdownStatementForm,
)
from ecopermit.filings.forms_entry import ReportEntry, initial_rows
from ecopermit.filings.models import ExecutionReport, ReportKind, ReportStatus
from ecopermit.filings.report_data import Issue, ReportData, ShutdownRow
from ecopermit.filings.states import WORKFLOW, Who
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE)
OFFICERS = tuple(BUREAU_ROLES)
SUBMITTERS = (*OFFICERS, Role.ENTERPRISE)

COLUMNS = [
    Column(gettext_lazy("Number"), lambda r: r.number),
    Column(gettext_lazy("Facility"), lambda r: r.facility.name),
    Column(gettext_lazy("Town"), lambda r: r.facility.town.name if r.facility.town else ""),
    Column(gettext_lazy("Permit number"), lambda r: r.permit.number),
    Column(gettext_lazy("Report kind"), lambda r: r.get_kind_display()),
    Column(gettext_lazy("Period start"), lambda r: r.covers_start),
    Column(gettext_lazy("Period end"), lambda r: r.covers_end),
    Column(gettext_lazy("Due on"), lambda r: r.due_on),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
]


def _who(request) -> str:
    return Who.OFFICER if request.scope.is_bureau else Who.ENTERPRISE


@allow(*READERS)
def report_list(request):
    today = clock.today()
    form = FilterForm(request.GET or None)
    form.fields["year"].choices = [
        ("", _("All years")),
        *((y, y) for y in selectors.report_years(request.scope)),
    ]
    form.fields["kind"].choices = [("", _("All kinds")), *ReportKind.choices]
    form.fields["status"].choices = [("", _("All statuses")), *ReportStatus.choices]
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.report_list(
        request.scope,
        year=filters.get("year"),
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        overdue=bool(filters.get("overdue")),
        q=(filters.get("q") or "").strip(),
        today=today,
    )
    if wants_export(request):
        return export_response(
            request, title=_("Execution reports"), columns=COLUMNS, rows=rows, action="filings.report.export"
        )
    return render(
        request,
        "filings/report_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "today": today,
            # an officer enters a report for the enterprise on the same screen (issue 13 "by an officer")
            "can_enter": request.scope.has(*SUBMITTERS),
        },
    )


def _can_submit(request, report: ExecutionReport) -> bool:
    return request.scope.has(*SUBMITTERS) and ReportStatus.SUBMITTED in WORKFLOW.targets(
        report.status, _who(request)
    )


@allow(*READERS)
def report_detail(request, pk: int):
    report = selectors.report_get(request.scope, pk)
    can_submit = _can_submit(request, report)
    can_review = request.scope.has(*OFFICERS) and report.status == ReportStatus.SUBMITTED
    return render(
        request,
        "filings/report_detail.html",
        {
            "report": report,
            "versions": selectors.versions_of(report),
            "timeline": selectors.timeline_of(report),
            "upload_form": ReportUploadForm() if can_submit else None,
            "shutdown_form": ShutdownStatementForm() if can_submit else None,
            "review_form": ReviewForm() if can_review else None,
            "issues": request.session.pop(f"filings.issues.{report.pk}", None),
            "today": clock.today(),
        },
    )


def _submit(request, report: ExecutionReport, data: ReportData, **kwargs):
    try:
        version = services.report_submit(
            actor=request.user, report=report, data=data, who=_who(request), **kwargs
        )
    except services.ReportRejected as exc:
        # The errors are shown on the report's page, each with its table, row and field.
        request.session[f"filings.issues.{report.pk}"] = [str(issue) for issue in exc.issues]
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Version %(v)d submitted; the bureau will review it.") % {"v": version.version}
        )
    return redirect("filings:report_detail", pk=report.pk)


@allow(*SUBMITTERS)
@require_POST
def report_upload(request, pk: int):
    report = selectors.report_get(request.scope, pk)
    form = ReportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the PDF and the filled-in template."))
        return redirect("filings:report_detail", pk=report.pk)
    checked = report_sheets.read_report(form.cleaned_data["tables"].read())
    if not checked.ok:
        request.session[f"filings.issues.{report.pk}"] = [str(issue) for issue in checked.issues]
        messages.error(
            request, _("The template has %(n)d error(s); nothing was stored.") % {"n": len(checked.issues)}
        )
        return redirect("filings:report_detail", pk=report.pk)
    pdf = form.cleaned_data["file"]
    return _submit(request, report, checked.data, content=pdf.read(), file_name=pdf.name, via="xlsx")


@allow(*SUBMITTERS)
def report_enter(request, pk: int):
    """The key tables typed on screen (the enterprise, or an officer entering for it), with the national platform's
    PDF: judged by the same checks as the XLSX; on errors the page comes back as typed, each error listed at the
    top and beside its cell."""
    report = selectors.report_get(request.scope, pk)
    if not _can_submit(request, report):
        messages.error(request, _("This report cannot be submitted now."))
        return redirect("filings:report_detail", pk=report.pk)
    outlets, last = selectors.entry_basis(report)
    initial = initial_rows(outlets, last)
    issues: tuple[Issue, ...] = ()
    if request.method == "POST":
        entry = ReportEntry(initial=initial, data=request.POST, files=request.FILES)
        checked = entry.read()
        issues = checked.issues
        if checked.ok:
            upload = entry.head.cleaned_data.get("file")
            try:
                version = services.report_submit(
                    actor=request.user,
                    report=report,
                    data=checked.data,
                    content=upload.read() if upload else None,
                    file_name=upload.name if upload else "",
                    via="screen",
                    who=_who(request),
                )
            except services.ReportRejected as exc:
                issues = exc.issues
            except DomainError as exc:
                entry.head.add_error(exc.field if exc.field in entry.head.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Version %(v)d submitted; the bureau will review it.") % {"v": version.version}
                )
                return redirect("filings:report_detail", pk=report.pk)
        issues = entry.on_screen(issues)
        entry.mark(issues)
        if issues:
            messages.error(
                request, _("The report has %(n)d error(s); nothing was stored.") % {"n": len(issues)}
            )
    else:
        entry = ReportEntry(initial=initial)
    return render(
        request,
        "filings/report_enter.html",
        {
            "report": report,
            "entry": entry,
            "issues": [str(i) for i in issues],
            "has_outlets": bool(outlets),
            "from_last": last is not None,
        },
    )


@allow(*SUBMITTERS)
@require_POST
def report_shutdown(request, pk: int):
    report = selectors.report_get(request.scope, pk)
    form = ShutdownStatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason and the commitment."))
        return redirect("filings:report_detail", pk=report.pk)
    data = ReportData(
        shutdowns=(ShutdownRow(report.covers_start, report.covers_end, form.cleaned_data["reason"].strip()),),
        commitment=True,
    )
    return _submit(request, report, data)


@allow(*OFFICERS)
@require_POST
def report_review(request, pk: int):
    report = selectors.report_get(request.scope, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
        return redirect("filings:report_detail", pk=report.pk)
    try:
        services.report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["accept"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Review recorded."))
    return redirect("filings:report_detail", pk=report.pk)


@allow(*READERS)
def version_download(request, pk: int):
    version = selectors.version_get(request.scope, pk)
    if not version.file:
        if version.via == "bulk":
            messages.error(request, _("This version has no file: it was entered in bulk by the bureau."))
        else:
            messages.error(request, _("This version has no file: it is a shutdown statement."))
        return redirect("filings:report_detail", pk=version.report_id)
    return evidence.download(
        request,
        version,
        field_file=version.file,
        sha256=version.sha256,
        filename=version.original_name or f"{version.report.number}-v{version.version}.pdf",
        content_type="application/pdf",
    )


@allow(*SUBMITTERS)
def template_download(request):
    return attachment(report_sheets.build_template(), _("Execution report template") + ".xlsx")


@allow(*OFFICERS)
def report_bulk(request):
    """The officer's bulk entry: the key tables of many reports in one workbook, each row naming its report by
    number; all are submitted (without the national platform's PDF), or none, every error listed."""
    template_form = BulkTemplateForm(prefix="t")
    form = BulkUploadForm()
    issues: tuple[bulk_sheets.BulkIssue, ...] = ()
    status = 200
    if request.method == "POST":
        form = BulkUploadForm(request.POST, request.FILES)
        if form.is_valid() and form.cleaned_data["file"].size > bulk_sheets.MAX_BYTES:
            form.add_error(
                "file", _("The file is larger than %(n)d MB.") % {"n": bulk_sheets.MAX_BYTES // (1024 * 1024)}
            )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                versions = services.reports_bulk_submit(
                    actor=request.user, content=upload.read(), file_name=upload.name
                )
            except services.BulkRejected as exc:
                issues = exc.issues
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("%(n)d reports submitted; each has a new version entered in bulk, without a file.")
                    % {"n": len(versions)},
                )
                return redirect("filings:report_list")
        status = 400
    return render(
        request,
        "filings/report_bulk.html",
        {
            "template_form": template_form,
            "form": form,
            "issues": [
                {
                    "report": i.report_number,
                    "sheet": i.issue.table,
                    "row": i.issue.row,
                    "column": i.issue.column,
                    "header": i.issue.field,
                    "value": i.issue.value,
                    "message": i.issue.message,
                }
                for i in issues
            ],
        },
        status=status,
    )


@allow(*OFFICERS)
def bulk_template(request):
    """The bulk template; with a kind and period chosen, prefilled with the reports of it still to be submitted."""
    form = BulkTemplateForm(request.GET or None, prefix="t")
    listed: list[bulk_sheets.ListedReport] = []
    if form.is_valid():
        d = form.cleaned_data
        listed = [
            bulk_sheets.ListedReport(
                number=r.number,
                facility=r.facility.name,
                permit=r.permit.number,
                period=f"{r.covers_start:%Y-%m-%d}—{r.covers_end:%Y-%m-%d}",
                due_on=f"{r.due_on:%Y-%m-%d}",
            )
            for r in selectors.reports_to_submit(
                request.scope, kind=d["kind"], year=d["year"], number=d["number"]
            )
        ]
    return attachment(bulk_sheets.build_bulk_template(listed), bulk_sheets.TEMPLATE_FILE_NAME)


@allow(*OFFICERS)
def report_settings(request):
    """The officer's settings of the reports: what each permit requires, and the deadlines moved by notice."""
    requirement_form = RequirementForm(prefix="req")
    deadline_form = DeadlineForm(prefix="dl")
    if request.method == "POST" and "req-permit_number" in request.POST:
        requirement_form = RequirementForm(request.POST, prefix="req")
        if requirement_form.is_valid():
            d = requirement_form.cleaned_data
            permit = registry.permit_by_number(d["permit_number"])
            if permit is None:
                requirement_form.add_error("permit_number", _("No permit has this number."))
            else:
                services.requirement_set(
                    actor=request.user, permit_id=permit.id, frequency=d["frequency"], source=d["source"]
                )
                messages.success(request, _("Saved; the next schedule follows it."))
                return redirect("filings:report_settings")
    elif request.method == "POST":
        deadline_form = DeadlineForm(request.POST, prefix="dl")
        if deadline_form.is_valid():
            try:
                services.deadline_override_set(actor=request.user, **deadline_form.cleaned_data)
            except DomainError as exc:
                deadline_form.add_error(exc.field if exc.field in deadline_form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Deadline moved; the reports of that period not yet submitted follow it.")
                )
                return redirect("filings:report_settings")
    return render(
        request,
        "filings/report_settings.html",
        {
            "requirement_form": requirement_form,
            "deadline_form": deadline_form,
            "requirements": selectors.requirements(),
            "overrides": selectors.deadline_overrides(),
        },
    )
