"""Management-ledger screens (issue 13 M5): a facility's ledger (filter by category and month, add an entry,
correct one), and the officers' list of abnormal events. Append-only: there is no edit and no delete URL; a
correction is a new entry naming the old one, and both stay (条例 Art. 21)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ecopermit.accounts.access import allow
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, attachment, export_response, page_of, wants_export
from ecopermit.filings import ledger_services as services
from ecopermit.filings import ledger_sheets
from ecopermit.filings import selfmon_selectors as selectors
from ecopermit.filings.forms_selfmon import (
    AbnormalFilterForm,
    LedgerCorrectionForm,
    LedgerEntryForm,
    LedgerFilterForm,
    LedgerRequirementForm,
    SheetUploadForm,
)
from ecopermit.filings.views_selfmon import ENTERERS, LIST_READERS, OFFICERS, READERS, too_large
from ecopermit.registry import facade as registry

ABNORMAL_COLUMNS = (
    Column(gettext_lazy("Date"), lambda e: e.occurred_on, 12),
    Column(gettext_lazy("Facility"), lambda e: e.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda e: e.facility.town.name),
    Column(gettext_lazy("Category"), lambda e: e.get_category_display()),
    Column(gettext_lazy("Facility or outlet"), lambda e: e.subject, 24),
    Column(gettext_lazy("Record"), lambda e: e.content, 60),
    Column(gettext_lazy("Entered at"), lambda e: e.entered_at, 18),
)


def _ledger_page(
    request,
    facility,
    *,
    form=None,
    import_form=None,
    import_issues=(),
    requirement_form=None,
    status: int = 200,
):
    filters = LedgerFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    month = dt.date.fromisoformat(f"{f['month']}-01") if f.get("month") else None
    entries = selectors.ledger_entries(facility.pk, category=f.get("category", ""), month=month)
    can_enter = request.scope.has(*ENTERERS)
    permit = services.permit_in_force(facility.pk, clock.today())
    can_set = permit is not None and request.scope.has(*OFFICERS)
    return render(
        request,
        "filings/ledger_list.html",
        {
            "facility": facility,
            "filters": filters,
            "page": page_of(request, entries),
            "form": form or (LedgerEntryForm() if can_enter else None),
            "can_enter": can_enter,
            "import_form": import_form or (SheetUploadForm() if can_enter else None),
            "import_issues": import_issues,
            "permit": permit,
            "requirements": services.ledger_requirements(permit.id if permit else None),
            "requirement_form": requirement_form
            or (LedgerRequirementForm(prefix="req") if can_set else None),
        },
        status=status,
    )


@allow(*READERS)
def ledger_list(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    return _ledger_page(request, facility)


def _add(request, form, *, facility_id: int, corrects=None) -> bool:
    if not form.is_valid():
        return False
    d = form.cleaned_data
    try:
        entry = services.ledger_entry_add(
            actor=request.user,
            facility_id=facility_id,
            category=d["category"],
            subject=d["subject"],
            occurred_on=d["occurred_on"],
            content=d["content"],
            abnormal=d["abnormal"],
            corrects=corrects,
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    if entry.abnormal:
        messages.warning(request, _("Entry recorded. The abnormal event has been reported to the bureau."))
    else:
        messages.success(request, _("Entry recorded."))
    return True


@allow(*ENTERERS)
@require_POST
def ledger_add(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = LedgerEntryForm(request.POST)
    if _add(request, form, facility_id=facility.pk):
        return redirect("filings:ledger_list", facility_pk=facility.pk)
    return _ledger_page(request, facility, form=form, status=400)


@allow(*OFFICERS)
@require_POST
def ledger_requirement(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = LedgerRequirementForm(request.POST, prefix="req")
    permit = services.permit_in_force(facility.pk, clock.today())
    if permit is None:
        form.add_error(None, _("The facility holds no permit today: there is no permit clause to record."))
    if not form.is_valid() or permit is None:
        return _ledger_page(request, facility, requirement_form=form, status=400)
    d = form.cleaned_data
    try:
        services.ledger_requirement_set(
            actor=request.user,
            permit_id=permit.id,
            category=d["category"],
            frequency=d["frequency"],
            source=d["source"],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _ledger_page(request, facility, requirement_form=form, status=400)
    messages.success(request, _("Recording frequency recorded from the permit."))
    return redirect("filings:ledger_list", facility_pk=facility.pk)


@allow(*ENTERERS)
def ledger_template(request, facility_pk: int):
    registry.facility_get(request.scope, facility_pk)
    return attachment(ledger_sheets.build_template(), ledger_sheets.TEMPLATE_FILE_NAME)


@allow(*ENTERERS)
@require_POST
def ledger_import(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid() or too_large(form):
        return _ledger_page(request, facility, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    outcome = services.ledger_import(
        actor=request.user, facility_id=facility.pk, content=upload.read(), file_name=upload.name
    )
    if not outcome.ok:
        messages.error(
            request, _("The template has %(n)d error(s); nothing was stored.") % {"n": len(outcome.issues)}
        )
        return _ledger_page(request, facility, import_form=form, import_issues=outcome.issues, status=400)
    abnormal = sum(1 for e in outcome.stored if e.abnormal)
    if abnormal:
        messages.warning(
            request,
            _("%(n)d entries imported; %(abnormal)d abnormal events have been reported to the bureau.")
            % {"n": len(outcome.stored), "abnormal": abnormal},
        )
    else:
        messages.success(request, _("%(n)d entries imported.") % {"n": len(outcome.stored)})
    return redirect("filings:ledger_list", facility_pk=facility.pk)


@allow(*ENTERERS)
@require_http_methods(["GET", "POST"])
def ledger_correct(request, pk: int):
    entry = selectors.ledger_entry_get(request.scope, pk)
    if request.method == "POST":
        form = LedgerCorrectionForm(request.POST)
        if _add(request, form, facility_id=entry.facility_id, corrects=entry):
            return redirect("filings:ledger_list", facility_pk=entry.facility_id)
    else:
        form = LedgerCorrectionForm(
            initial={
                "category": entry.category,
                "subject": entry.subject,
                "occurred_on": entry.occurred_on,
                "content": entry.content,
                "abnormal": entry.abnormal,
            }
        )
    return render(
        request,
        "filings/ledger_correct.html",
        {"entry": entry, "facility": entry.facility, "form": form},
        status=400 if form.is_bound else 200,
    )


@allow(*LIST_READERS)
def ledger_abnormal(request):
    scope = request.scope
    facilities = registry.facilities_visible(scope).order_by("name")
    form = AbnormalFilterForm(request.GET or None, facilities=facilities)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.abnormal_list(
        scope, facility=f["facility"].pk if f.get("facility") else None, since=f.get("since")
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Abnormal events in the ledgers"),
            columns=ABNORMAL_COLUMNS,
            rows=qs.iterator(chunk_size=2000),
            action="filings.ledger.export",
        )
    return render(request, "filings/ledger_abnormal.html", {"form": form, "page": page_of(request, qs)})
