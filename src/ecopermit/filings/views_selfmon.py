"""Self-monitoring screens (issue 13 M3): a facility's plan with each period's status and its results, the form to
enter a result, the officer's change of a plan line, and the officers' list of results. No view edits or deletes a
result: original monitoring records are kept (条例 Art. 19)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock, evidence
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, attachment, export_response, page_of, wants_export
from ecopermit.filings import selfmon_selectors as selectors
from ecopermit.filings import selfmon_services as services
from ecopermit.filings import selfmon_sheets, sheet_table
from ecopermit.filings.forms_selfmon import ItemChangeForm, ResultFilterForm, ResultForm, SheetUploadForm
from ecopermit.filings.rules import monitoring_plan as plan_rules
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE, Role.AGENCY)
OFFICERS = tuple(BUREAU_ROLES)
ENTERERS = (*OFFICERS, Role.ENTERPRISE)
LIST_READERS = (*OFFICERS, Role.TOWN_OFFICER)

RESULT_COLUMNS = (
    Column(gettext_lazy("Sampling date"), lambda r: r.sampled_on, 12),
    Column(gettext_lazy("Facility"), lambda r: r.plan_item.facility.name, 36),
    Column(gettext_lazy("Outlet"), lambda r: r.plan_item.outlet.code),
    Column(gettext_lazy("Pollutant"), lambda r: r.plan_item.pollutant_code),
    Column(gettext_lazy("Value"), lambda r: r.value),
    Column(gettext_lazy("Measurement unit"), lambda r: r.unit),
    Column(gettext_lazy("over the limit"), lambda r: r.over_limit),
    Column(gettext_lazy("Laboratory"), lambda r: r.laboratory, 30),
    Column(gettext_lazy("Method"), lambda r: r.method, 30),
    Column(gettext_lazy("Source"), lambda r: r.get_source_display()),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def table_warning() -> str:
    """The Chinese sentences of the frequency table's warning (the file keeps both languages; screens are
    Chinese): those that start with a Chinese character; the whole warning when there is none."""
    text = plan_rules.frequency_table().warning
    chinese = [part for part in re.split(r"(?<=[.。])\s+", text) if _CJK.match(part)]
    return " ".join(chinese) or text


def _year(request) -> int:
    raw = request.GET.get("year", "")
    today = clock.today()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


def _plan_page(request, facility, *, form=None, import_form=None, import_issues=(), status: int = 200):
    scope = request.scope
    year = _year(request)
    lines = selectors.plan_lines(facility.pk, year)
    names = {(line.item.outlet_id, line.item.pollutant_code): line.pollutant_name for line in lines}
    can_enter = scope.has(*ENTERERS)
    if form is None and can_enter and lines:
        form = ResultForm(items=selectors.plan_items(facility.pk), names=names)
    results = selectors.result_list(scope, facility=facility.pk, year=year)
    return render(
        request,
        "filings/selfmon_plan.html",
        {
            "facility": facility,
            "year": year,
            "years": list(range(clock.today().year, clock.today().year - 6, -1)),
            "lines": lines,
            "names": names,
            "warning": table_warning() if any(line.default for line in lines) else "",
            "full_warning": plan_rules.frequency_table().warning,
            "results": results[:200],
            "form": form,
            "import_form": import_form or (SheetUploadForm() if can_enter and lines else None),
            "import_issues": import_issues,
            "can_generate": can_enter,
            "change_form": ItemChangeForm() if scope.is_bureau else None,
        },
        status=status,
    )


@allow(*READERS)
def monitoring_plan(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    return _plan_page(request, facility)


@allow(*ENTERERS)
@require_POST
def monitoring_plan_generate(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    try:
        created = services.monitoring_plan_generate(actor=request.user, facility_id=facility.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s plan lines generated.") % {"n": len(created)})
    return redirect("filings:monitoring_plan", facility_pk=facility.pk)


@allow(*OFFICERS)
@require_POST
def monitoring_item_change(request, pk: int):
    item = selectors.item_get(request.scope, pk)
    form = ItemChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a frequency and name the permit clause."))
    else:
        d = form.cleaned_data
        try:
            services.monitoring_plan_item_change(
                actor=request.user,
                item=item,
                frequency=d["frequency"],
                automatic=d["automatic"],
                source=d["source"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Plan line changed."))
    return redirect("filings:monitoring_plan", facility_pk=item.facility_id)


@allow(*ENTERERS)
@require_POST
def monitoring_result_add(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    items = selectors.plan_items(facility.pk)
    names = selectors.pollutant_names(facility.pk)
    form = ResultForm(request.POST, request.FILES, items=items, names=names)
    if form.is_valid():
        d = form.cleaned_data
        upload = d["report"]
        if upload.size > services.MAX_REPORT_BYTES:
            form.add_error("report", _("The file is larger than 20 MB."))
        else:
            try:
                result = services.monitoring_result_add(
                    actor=request.user,
                    item=d["item"],
                    sampled_on=d["sampled_on"],
                    value=d["value"],
                    unit=d["unit"],
                    laboratory=d["laboratory"],
                    method=d["method"],
                    file_content=upload.read(),
                    file_name=upload.name,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if result.over_limit:
                    messages.warning(
                        request,
                        _("Result recorded. It is over the permitted limit: a problem has been raised."),
                    )
                else:
                    messages.success(request, _("Result recorded."))
                return redirect("filings:monitoring_plan", facility_pk=facility.pk)
    return _plan_page(request, facility, form=form, status=400)


@allow(*ENTERERS)
def monitoring_results_template(request, facility_pk: int):
    """The results template of this facility: its plan lines listed and offered as drop-downs."""
    facility = registry.facility_get(request.scope, facility_pk)
    content = selfmon_sheets.build_template(selectors.template_plan_rows(facility.pk))
    return attachment(content, selfmon_sheets.TEMPLATE_FILE_NAME)


def too_large(form: SheetUploadForm) -> bool:
    """Whether the upload is over the import limit (an error on the form, before reading it into memory)."""
    if form.cleaned_data["file"].size > sheet_table.MAX_BYTES:
        form.add_error(
            "file",
            _("The file is larger than %(n)d MB.") % {"n": sheet_table.MAX_BYTES // (1024 * 1024)},
        )
        return True
    return False


@allow(*ENTERERS)
@require_POST
def monitoring_results_import(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid() or too_large(form):
        return _plan_page(request, facility, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    outcome = services.monitoring_results_import(
        actor=request.user, facility_id=facility.pk, content=upload.read(), file_name=upload.name
    )
    if not outcome.ok:
        messages.error(
            request, _("The template has %(n)d error(s); nothing was stored.") % {"n": len(outcome.issues)}
        )
        return _plan_page(request, facility, import_form=form, import_issues=outcome.issues, status=400)
    over = sum(1 for r in outcome.stored if r.over_limit)
    if over:
        messages.warning(
            request,
            _("%(n)d results imported; %(over)d are over the permitted limit: problems have been raised.")
            % {"n": len(outcome.stored), "over": over},
        )
    else:
        messages.success(request, _("%(n)d results imported.") % {"n": len(outcome.stored)})
    return redirect("filings:monitoring_plan", facility_pk=facility.pk)


@allow(*READERS)
def monitoring_result_file(request, pk: int):
    result = selectors.result_get(request.scope, pk)
    if not result.file:
        raise Http404
    return evidence.download(
        request,
        result,
        field_file=result.file,
        sha256=result.sha256,
        filename=result.original_name or "report.pdf",
        content_type="application/pdf",
    )


@allow(*LIST_READERS)
def monitoring_results(request):
    scope = request.scope
    facilities = registry.facilities_visible(scope).order_by("name")
    form = ResultFilterForm(request.GET or None, facilities=facilities)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.result_list(
        scope,
        facility=f["facility"].pk if f.get("facility") else None,
        over_only=bool(f.get("over_only")),
        year=f.get("year"),
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Self-monitoring results"),
            columns=RESULT_COLUMNS,
            rows=qs.iterator(chunk_size=2000),
            action="filings.result.export",
        )
    return render(request, "filings/selfmon_results.html", {"form": form, "page": page_of(request, qs)})
