"""Signed-in screens of disclosure: the officers' notices and data-error reports, the enterprise's self-disclosure
and open days (officers read them too, and may take a version down). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import EXPORT_MAX_ROWS, Column, export_response, page_of, search_term, wants_export
from ecopermit.disclosure import selectors, services
from ecopermit.disclosure.forms import (
    AnswerForm,
    DisclosureForm,
    NoteForm,
    NoticeFilterForm,
    NoticeForm,
    OpenDayForm,
    ReportFilterForm,
)
from ecopermit.disclosure.states import NOTICE_WORKFLOW
from ecopermit.disclosure.vocab import DisclosureKind, ErrorReportStatus, NoticeStatus, OpenDayStatus

OFFICERS = tuple(BUREAU_ROLES)
#: Data-error reports: the bureau, and the towns for their own facilities.
REPORT_READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER)
#: The enterprise's disclosure and open days: the enterprise (its own), the bureau and the towns (theirs).
ENTERPRISE_SIDE = (Role.ENTERPRISE, *BUREAU_ROLES, Role.TOWN_OFFICER)

#: The data-error reports' spreadsheet (the reporter's contact stays on the screen only).
REPORT_COLUMNS = (
    Column(gettext_lazy("Receipt number"), lambda r: r.number),
    Column(gettext_lazy("Received at"), lambda r: r.received_at, 18),
    Column(gettext_lazy("Record"), lambda r: r.get_record_kind_display()),
    Column(gettext_lazy("Record number or name"), lambda r: r.record_ref, 20),
    Column(gettext_lazy("Facility"), lambda r: r.facility.name if r.facility else "", 28),
    Column(gettext_lazy("What is wrong"), lambda r: r.what_is_wrong, 40),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display(), 10),
    Column(gettext_lazy("Reply"), lambda r: r.answer, 40),
    Column(gettext_lazy("Answered at"), lambda r: r.answered_at, 18),
)


def _form_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# ------------------------------------------------------------------------------------------------ notices


@allow(*OFFICERS)
def notice_list(request):
    form = NoticeFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.notice_list(status=f.get("status", ""), kind=f.get("kind", ""), q=f.get("q", ""))
    return render(request, "disclosure/notice_list.html", {"form": form, "page": page_of(request, qs)})


@allow(*OFFICERS)
def notice_new(request):
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            notice = services.notice_create(
                actor=request.user,
                kind=d["kind"],
                title=d["title"],
                body=d["body"],
                town_id=d["town"].pk if d["town"] else None,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Publish it when it is ready."))
            return redirect("disclosure:notice_edit", pk=notice.pk)
    return render(request, "disclosure/notice_form.html", {"form": form, "notice": None})


@allow(*OFFICERS)
def notice_edit(request, pk: int):
    notice = selectors.notice_get(pk)
    initial = {"kind": notice.kind, "title": notice.title, "body": notice.body, "town": notice.town}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.notice_update(
                actor=request.user,
                notice_id=notice.pk,
                kind=d["kind"],
                title=d["title"],
                body=d["body"],
                town_id=d["town"].pk if d["town"] else None,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("disclosure:notice_edit", pk=notice.pk)
    return render(
        request,
        "disclosure/notice_form.html",
        {
            "form": form,
            "notice": notice,
            "moves": NOTICE_WORKFLOW.targets(notice.status),
            "note_form": NoteForm(),
            "events": selectors.timeline(notice.events),
        },
    )


@allow(*OFFICERS)
@require_POST
def notice_move(request, pk: int):
    notice = selectors.notice_get(pk)
    target = request.POST.get("target", "")
    try:
        services.notice_move(
            actor=request.user, notice_id=notice.pk, target=target, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Published: it is on the public site.")
            if target == NoticeStatus.PUBLISHED
            else _("Withdrawn from the public site."),
        )
    return redirect("disclosure:notice_edit", pk=notice.pk)


# ---------------------------------------------------------------------------------------- self-disclosure


@allow(*ENTERPRISE_SIDE)
def item_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in DisclosureKind.values else ""
    qs = selectors.item_list(request.scope, kind=kind, q=search_term(request))
    return render(
        request,
        "disclosure/item_list.html",
        {
            "page": page_of(request, qs),
            "kinds": DisclosureKind.choices,
            "kind": kind,
            "q": search_term(request),
            "may_publish": request.scope.has(Role.ENTERPRISE),
        },
    )


@allow(Role.ENTERPRISE)
def item_publish(request):
    initial = {k: request.GET[k] for k in ("facility", "kind") if request.GET.get(k)}
    form = DisclosureForm(request.POST or None, request.FILES or None, scope=request.scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d.get("file")
        try:
            version = services.disclosure_publish(
                actor=request.user,
                facility_id=d["facility"].pk,
                kind=d["kind"],
                title=d["title"],
                text=d["text"],
                statement_accepted=d["statement"],
                file_name=upload.name if upload else "",
                content=upload.read(services.MAX_FILE_BYTES + 1) if upload else None,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Version %(v)d published on the public site.") % {"v": version.version}
            )
            return redirect("disclosure:item_detail", pk=version.item_id)
    return render(request, "disclosure/item_publish.html", {"form": form})


@allow(*ENTERPRISE_SIDE)
def item_detail(request, pk: int):
    item = selectors.item_get(request.scope, pk)
    return render(
        request,
        "disclosure/item_detail.html",
        {
            "item": item,
            "versions": selectors.versions_of(item),
            "may_take_down": request.scope.has(*BUREAU_ROLES),
            "may_publish": request.scope.has(Role.ENTERPRISE),
            "note_form": NoteForm(),
        },
    )


@allow(*OFFICERS)
@require_POST
def version_take_down(request, pk: int):
    version = selectors.version_get(request.scope, pk)
    try:
        services.disclosure_take_down(
            actor=request.user, version_id=version.pk, reason=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Taken down: the public history shows that it was withdrawn."))
    return redirect("disclosure:item_detail", pk=version.item_id)


# ---------------------------------------------------------------------------------------------- open days


@allow(*ENTERPRISE_SIDE)
def openday_list(request):
    qs = selectors.open_days_visible(request.scope)
    return render(
        request,
        "disclosure/openday_list.html",
        {"page": page_of(request, qs), "may_announce": request.scope.has(Role.ENTERPRISE)},
    )


@allow(Role.ENTERPRISE)
def openday_new(request):
    form = OpenDayForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            day = services.open_day_announce(
                actor=request.user,
                facility_id=d["facility"].pk,
                title=d["title"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                directions=d["directions"],
                capacity=d["capacity"],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Open day announced on the public site."))
            return redirect("disclosure:openday_detail", pk=day.pk)
    return render(request, "disclosure/openday_form.html", {"form": form})


@allow(*ENTERPRISE_SIDE)
def openday_detail(request, pk: int):
    day = selectors.open_day_get(request.scope, pk)
    return render(
        request,
        "disclosure/openday_detail.html",
        {
            "day": day,
            "bookings": selectors.bookings_of(day),
            "may_cancel": day.status == OpenDayStatus.ANNOUNCED
            and request.scope.has(Role.ENTERPRISE, *BUREAU_ROLES),
            "note_form": NoteForm(),
            "now": clock.now(),
        },
    )


@allow(Role.ENTERPRISE, *OFFICERS)
@require_POST
def openday_cancel(request, pk: int):
    day = selectors.open_day_get(request.scope, pk)
    try:
        services.open_day_cancel(actor=request.user, open_day_id=day.pk, reason=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Open day cancelled; its bookings show as cancelled."))
    return redirect("disclosure:openday_detail", pk=day.pk)


# ------------------------------------------------------------------------------------------ error reports


@allow(*REPORT_READERS)
def report_list(request):
    form = ReportFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.report_list(
        request.scope, status=f.get("status", ""), record_kind=f.get("record_kind", ""), q=f.get("q", "")
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Data-error reports"),
            columns=REPORT_COLUMNS,
            rows=qs[:EXPORT_MAX_ROWS],
            action="disclosure.error_report.export",
        )
    return render(
        request,
        "disclosure/report_list.html",
        {
            "form": form,
            "page": page_of(request, qs),
            "open_count": selectors.open_report_count(request.scope),
        },
    )


@allow(*REPORT_READERS)
def report_detail(request, pk: int):
    report = selectors.report_get(request.scope, pk)
    form = None
    if report.status in (ErrorReportStatus.RECEIVED, ErrorReportStatus.ANSWERED):
        form = AnswerForm(request.POST or None, later=report.status == ErrorReportStatus.ANSWERED)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.error_report_respond(
                    actor=request.user,
                    report_id=report.pk,
                    target=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Answer recorded; the reporter sees it with the receipt number."))
                return redirect("disclosure:report_detail", pk=report.pk)
    return render(
        request,
        "disclosure/report_detail.html",
        {
            "report": report,
            "form": form,
            "events": selectors.timeline(report.events),
        },
    )
