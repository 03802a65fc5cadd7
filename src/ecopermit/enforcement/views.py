"""Screens of penalty cases. Views only parse forms and call services; every write is a service call.

Who (docs/enforcement.md): bureau officers and leaders write; a bureau leader (负责人) alone decides, declares no
penalty, withdraws a filing and decides a daily penalty; town officers read their town's cases; enterprise users
read their own cases from the notice on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock, evidence
from ecopermit.core.documents import format_of
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, export_response, page_of, wants_export
from ecopermit.enforcement import documents, forms, rounds, selectors, services, steps
from ecopermit.enforcement.models import DailyPenaltyRound, Evidence, TransferDocument
from ecopermit.enforcement.rules import daily, fines, procedure
from ecopermit.enforcement.states import MAIN_PATH, RoundStatus, Status
from ecopermit.registry import facade as registry

READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.ENTERPRISE)
AUTHORITIES = (*BUREAU_ROLES, Role.TOWN_OFFICER)
OFFICERS = tuple(BUREAU_ROLES)
LEADERS = (Role.BUREAU_LEADER,)

CASE_COLUMNS = (
    Column(gettext_lazy("Case number"), lambda c: c.number, 26),
    Column(gettext_lazy("Facility"), lambda c: c.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda c: c.facility.town.name),
    Column(gettext_lazy("Article"), lambda c: selectors.article_label(c), 30),
    Column(gettext_lazy("Proposed fine (yuan)"), lambda c: c.proposed_amount),
    Column(gettext_lazy("Fine (yuan)"), lambda c: c.decided_amount),
    Column(gettext_lazy("Status"), lambda c: Status(c.status).label),
    Column(gettext_lazy("Filed on"), lambda c: c.filed_on),
)


@allow(*READERS)
def case_list(request):
    scope = request.scope
    form = forms.FilterForm(request.GET or None, towns=registry.facility_towns(scope))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.case_list(
        scope,
        status=f.get("status", ""),
        town=f["town"].pk if f.get("town") else None,
        article=f.get("article"),
        text=f.get("q", ""),
    )
    if wants_export(request):
        return export_response(
            request,
            title=_("Penalty cases"),
            columns=CASE_COLUMNS,
            rows=qs.iterator(chunk_size=2000),
            action="penalty_case.export",
        )
    page = page_of(request, qs)
    rows = [(c, selectors.article_label(c)) for c in page]
    return render(
        request,
        "enforcement/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": selectors.case_counts(scope),
            "can_file": scope.is_bureau,
            "party": selectors.is_party(scope),
        },
    )


@allow(*OFFICERS)
def case_file(request):
    facilities = registry.facilities_visible(request.scope).order_by("name")
    form = forms.FileForm(request.POST or None, facilities=facilities, initial={"filed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        article, item = form.split()
        try:
            case = services.penalty_case_file(
                actor=request.user,
                facility_id=d["facility"].pk,
                source=d["source"],
                source_ref=d["source_ref"],
                article_no=article,
                item_no=item,
                facts=d["facts"],
                occurrences=d["occurrences"],
                serious=d["serious"],
                filed_on=d["filed_on"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Case %(n)s filed.") % {"n": case.number})
            return redirect("enforcement:case_detail", pk=case.pk)
    return render(request, "enforcement/case_file.html", {"form": form})


def _forms_for(case, scope, today):
    """The forms of the steps the actor may take now (``steps.open_steps``), in the order of the procedure."""
    if not scope.is_bureau:
        return []
    violation = f"{case.article_no}.{case.item_no}" if case.article_no and case.item_no else None
    forms_of: dict[str, tuple[str, Callable[[], Any]]] = {
        "violation": (
            _("Record the violation"),
            lambda: forms.ViolationForm(
                initial={
                    "violation": violation,
                    "facts": case.facts,
                    "occurrences": case.occurrences,
                    "serious": case.serious,
                }
            ),
        ),
        "evidence": (_("Record evidence"), lambda: forms.EvidenceForm(initial={"collected_on": today})),
        "notice": (
            _("Serve the notice of the proposed penalty"),
            lambda: forms.NoticeForm(initial={"served_on": today, "amount": case.proposed_amount}),
        ),
        "statement": (
            _("Record the statement and defence"),
            lambda: forms.StatementForm(initial={"received_on": today}),
        ),
        "hearing_request": (
            _("Record a hearing request"),
            lambda: forms.HearingRequestForm(initial={"requested_on": today}),
        ),
        "hearing": (_("Record the hearing"), lambda: forms.HearingForm(initial={"held_on": today})),
        "decide": (
            _("Decide (bureau leader)"),
            lambda: forms.DecisionForm(
                initial={"amount": case.proposed_amount, "decided_on": today, "served_on": today}
            ),
        ),
        "execution": (
            _("Record payment or court application"),
            lambda: forms.ExecutionForm(initial={"on": today}),
        ),
        "order": (
            _("Serve an order to correct (daily penalty)"),
            lambda: forms.OrderForm(initial={"served_on": today}),
        ),
        "transfer": (
            _("Transfer to the public security organs"),
            lambda: forms.TransferForm(initial={"transferred_on": today}),
        ),
        "close": (_("Close the case"), forms.CloseForm),
        "no_penalty": (_("No penalty (bureau leader)"), forms.ReasonForm),
        "withdraw": (_("Withdraw the filing (bureau leader)"), forms.ReasonForm),
    }
    return [
        (name, forms_of[name][0], forms_of[name][1]())
        for name in steps.open_steps(case, leader=scope.has(Role.BUREAU_LEADER))
    ]


@allow(*READERS)
def case_detail(request, pk: int):
    scope = request.scope
    case = selectors.case_get(scope, pk)
    party = selectors.is_party(scope)
    today = clock.today()
    shown = [s for s in MAIN_PATH if s != Status.HEARING or case.hearing_right]
    reached = MAIN_PATH.index(Status(case.status)) if case.status in MAIN_PATH else -1
    art = fines.article(case.article_no) if case.article_no else None
    step_forms = _forms_for(case, scope, today)
    context = {
        "case": case,
        "party": party,
        "stepper": [(s, s.label, MAIN_PATH.index(s) < reached, s == case.status) for s in shown],
        "article": art,
        "article_label": selectors.article_label(case),
        "violation": selectors.violation_text(case),
        "range": selectors.range_text(case),
        "factors": procedure.factors_zh(case.factors) if case.factors else [],
        "evidence": [] if party else case.evidence.select_related("recorded_by"),
        "executions": case.executions.all(),
        "execution": selectors.execution_summary(case, today),
        "rounds": _rounds_with_steps(case, today, scope.is_bureau),
        "round_totals": _round_totals(case),
        "transfers": [] if party else case.transfers.prefetch_related("documents"),
        "transferred": selectors.is_transferred(case),
        "documents": [
            (k, documents.TITLES[k]) for k in documents.available(case) if not (party and k == "filing")
        ],
        "timeline": selectors.timeline(case, party=party),
        "blockers": services.decision_blockers(case, today)
        if case.status in (Status.NOTIFIED, Status.HEARING)
        else [],
        "decision_due": procedure.decision_due(case.filed_on),
        "step_forms": step_forms,
        "primary_form": next(
            (n for n in steps.PRIMARY.get(case.status, ()) if n in {f[0] for f in step_forms}), None
        ),
        "reinspect_form": forms.ReinspectForm(initial={"reinspected_on": today}) if scope.is_bureau else None,
        "daily_eligibility": daily.eligibility(case.article_no, case.item_no) if case.article_no else None,
        "round_decide_form": forms.RoundDecideForm(initial={"decided_on": today})
        if scope.has(Role.BUREAU_LEADER)
        else None,
        "today": today,
    }
    return render(request, "enforcement/case_detail.html", context)


def _rounds_with_steps(case, today, bureau: bool) -> list[Any]:
    """The rounds, each with ``steps``: the 告知/听证 forms it offers in its status ([(url name, title, form)]);
    none for the party."""
    out = list(case.daily_rounds.all())
    for rnd in out:
        steps: list[tuple[str, str, Any]] = []
        if rnd.status == RoundStatus.FOUND:
            steps.append(
                ("notice", _("Serve the notice (告知)"), forms.RoundNoticeForm(initial={"served_on": today}))
            )
        if rnd.status in (RoundStatus.NOTIFIED, RoundStatus.HEARING):
            steps.append(
                ("statement", _("Statement and defence"), forms.StatementForm(initial={"received_on": today}))
            )
        if rnd.status == RoundStatus.NOTIFIED and rnd.hearing_right and not rnd.hearing_waived:
            steps.append(
                (
                    "hearing_request",
                    _("Hearing requested"),
                    forms.HearingRequestForm(initial={"requested_on": today}),
                )
            )
            steps.append(("hearing_waive", _("The party waived the hearing"), forms.EmptyForm()))
        if rnd.status == RoundStatus.HEARING and not rnd.hearing_held_on:
            steps.append(("hearing", _("Hearing held"), forms.HearingForm(initial={"held_on": today})))
        rnd.steps = (
            [(f"enforcement:round_{name}", title, form) for name, title, form in steps] if bureau else []
        )
    return out


def _round_totals(case) -> dict[str, Any]:
    rows = list(case.daily_rounds.all())
    return {"days": sum(r.days for r in rows), "amount": sum((r.amount for r in rows), 0)}


# ------------------------------------------------------------------------------------------ step actions


def _violation(request, case, d):
    article, item = d["violation"].split(".")
    services.violation_record(
        actor=request.user,
        case=case,
        article_no=int(article),
        item_no=int(item),
        facts=d["facts"],
        occurrences=d["occurrences"],
        serious=d["serious"],
    )
    return _("Violation recorded.")


def _evidence(request, case, d):
    upload = d.get("file")
    services.evidence_add(
        actor=request.user,
        case=case,
        kind=d["kind"],
        description=d["description"],
        collected_on=d["collected_on"],
        reference=d["reference"],
        file_name=upload.name if upload else "",
        content=upload.read() if upload else None,
    )
    return _("Evidence recorded.")


def _notice(request, case, d):
    case = services.notice_issue(
        actor=request.user,
        case=case,
        amount=d["amount"],
        factors=d["factors"],
        discretion_note=d["discretion_note"],
        served_on=d["served_on"],
        offer_hearing=d["offer_hearing"],
    )
    return _("Notice %(n)s served.") % {"n": case.notice_number}


def _statement(request, case, d):
    services.statement_record(
        actor=request.user,
        case=case,
        received_on=d["received_on"],
        text=d["text"],
        adopted=d["adopted"],
        waived=d["waived"],
    )
    return _("Statement recorded.")


def _hearing_request(request, case, d):
    services.hearing_request(actor=request.user, case=case, requested_on=d["requested_on"])
    return _("Hearing requested in time: the case goes to a hearing.")


def _hearing(request, case, d):
    services.hearing_record(actor=request.user, case=case, held_on=d["held_on"], record=d["record"])
    return _("Hearing recorded.")


def _execution(request, case, d):
    services.execution_record(
        actor=request.user,
        case=case,
        kind=d["kind"],
        on=d["on"],
        amount=d["amount"],
        reference=d["reference"],
    )
    return _("Execution recorded.")


def _transfer(request, case, d):
    files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
    services.transfer_record(
        actor=request.user,
        case=case,
        kind=d["kind"],
        transferred_on=d["transferred_on"],
        organ=d["organ"],
        reference=d["reference"],
        note=d["note"],
        files=files,
    )
    return _("Transfer recorded.")


def _order(request, case, d):
    rnd = rounds.round_serve(
        actor=request.user, case=case, served_on=d["served_on"], order_number=d["order_number"]
    )
    return _("Order served; re-inspection due by %(d)s.") % {"d": rnd.reinspection_due.isoformat()}


def _close(request, case, d):
    services.case_close(actor=request.user, case=case, reason=d["reason"])
    return _("Case closed.")


def _decide(request, case, d):
    case = services.decision_make(
        actor=request.user,
        case=case,
        amount=d["amount"],
        reason=d["reason"],
        decided_on=d["decided_on"],
        served_on=d["served_on"],
    )
    return _("Decision %(n)s made.") % {"n": case.decision_number}


def _no_penalty(request, case, d):
    services.no_penalty_decide(actor=request.user, case=case, reason=d["reason"])
    return _("No penalty decided.")


def _withdraw(request, case, d):
    services.case_withdraw(actor=request.user, case=case, reason=d["reason"])
    return _("Filing withdrawn.")


Handler = tuple[type, Callable[..., str]]
OFFICER_ACTIONS: dict[str, Handler] = {
    "violation": (forms.ViolationForm, _violation),
    "evidence": (forms.EvidenceForm, _evidence),
    "notice": (forms.NoticeForm, _notice),
    "statement": (forms.StatementForm, _statement),
    "hearing_request": (forms.HearingRequestForm, _hearing_request),
    "hearing": (forms.HearingForm, _hearing),
    "execution": (forms.ExecutionForm, _execution),
    "transfer": (forms.TransferForm, _transfer),
    "order": (forms.OrderForm, _order),
    "close": (forms.CloseForm, _close),
}
LEADER_ACTIONS: dict[str, Handler] = {
    "decide": (forms.DecisionForm, _decide),
    "no_penalty": (forms.ReasonForm, _no_penalty),
    "withdraw": (forms.ReasonForm, _withdraw),
}


def _run(request, pk: int, action: str, table: dict[str, Handler]):
    case = selectors.case_get(request.scope, pk)
    form_class, handler = table[action]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}：{' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, _("Check the form: %(e)s") % {"e": errors})
    else:
        try:
            messages.success(request, handler(request, case, form.cleaned_data))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("enforcement:case_detail", pk=case.pk)


@allow(*OFFICERS)
@require_POST
def officer_action(request, pk: int, action: str):
    return _run(request, pk, action, OFFICER_ACTIONS)


@allow(*LEADERS)
@require_POST
def leader_action(request, pk: int, action: str):
    return _run(request, pk, action, LEADER_ACTIONS)


def _reinspect(request, rnd, d):
    rnd = rounds.round_reinspect(
        actor=request.user,
        rnd=rnd,
        reinspected_on=d["reinspected_on"],
        result=d["result"],
        corrected_on=d["corrected_on"],
    )
    return _("Re-inspection recorded: %(n)d days, %(a)s yuan.") % {"n": rnd.days, "a": rnd.amount}


def _round_notice(request, rnd, d):
    rnd = rounds.round_notice_issue(
        actor=request.user, rnd=rnd, served_on=d["served_on"], offer_hearing=d["offer_hearing"]
    )
    return _("Notice %(n)s served; statement and defence by %(d)s.") % {
        "n": rnd.notice_number,
        "d": rnd.statement_due.isoformat(),
    }


def _round_statement(request, rnd, d):
    rounds.round_statement_record(
        actor=request.user,
        rnd=rnd,
        received_on=d["received_on"],
        text=d["text"],
        adopted=d["adopted"],
        waived=d["waived"],
    )
    return _("Statement recorded.")


def _round_hearing_request(request, rnd, d):
    rounds.round_hearing_request(actor=request.user, rnd=rnd, requested_on=d["requested_on"])
    return _("Hearing requested.")


def _round_hearing_waive(request, rnd, d):
    rounds.round_hearing_waive(actor=request.user, rnd=rnd)
    return _("Hearing waived.")


def _round_hearing(request, rnd, d):
    rounds.round_hearing_record(actor=request.user, rnd=rnd, held_on=d["held_on"], record=d["record"])
    return _("Hearing recorded.")


# The 告知/听证 steps of a round (行政处罚法 Arts. 44, 45, 63, 64), by the round's status: (action, title, form).
ROUND_ACTIONS: dict[str, Handler] = {
    "notice": (forms.RoundNoticeForm, _round_notice),
    "statement": (forms.StatementForm, _round_statement),
    "hearing_request": (forms.HearingRequestForm, _round_hearing_request),
    "hearing_waive": (forms.EmptyForm, _round_hearing_waive),
    "hearing": (forms.HearingForm, _round_hearing),
}


def _round_decide(request, rnd, d):
    rnd = rounds.round_decide(actor=request.user, rnd=rnd, decided_on=d["decided_on"])
    return _("Decision %(n)s made.") % {"n": rnd.decision_number}


def _run_round(request, pk: int, form_class: type, handler: Callable[..., str]):
    rnd = get_object_or_404(DailyPenaltyRound, pk=pk)
    selectors.case_get(request.scope, rnd.case_id)  # 404 outside the actor's scope
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}：{' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, _("Check the form: %(e)s") % {"e": errors})
    else:
        try:
            messages.success(request, handler(request, rnd, form.cleaned_data))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("enforcement:case_detail", pk=rnd.case_id)


@allow(*OFFICERS)
@require_POST
def round_reinspect(request, pk: int):
    return _run_round(request, pk, forms.ReinspectForm, _reinspect)


@allow(*LEADERS)
@require_POST
def round_decide(request, pk: int):
    return _run_round(request, pk, forms.RoundDecideForm, _round_decide)


@allow(*OFFICERS)
@require_POST
def round_action(request, pk: int, action: str):
    form_class, handler = ROUND_ACTIONS[action]
    return _run_round(request, pk, form_class, handler)


# ------------------------------------------------------------------------------------------ files

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _document(request, pk: int, fmt: str, kind: str):
    case = selectors.case_get(request.scope, pk)
    doc_format = format_of(fmt)
    if doc_format is None or kind not in documents.available(case):
        raise Http404
    content = documents.render(case, kind, doc_format)
    name = quote(documents.file_name(case, kind, fmt))
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )


@allow(*AUTHORITIES)
def document_filing(request, pk: int, fmt: str):
    """The 立案审批表 is internal: the party does not receive it."""
    return _document(request, pk, fmt, "filing")


@allow(*READERS)
def document_notice(request, pk: int, fmt: str):
    return _document(request, pk, fmt, "notice")


@allow(*READERS)
def document_decision(request, pk: int, fmt: str):
    return _document(request, pk, fmt, "decision")


def _daily_document(request, pk: int, fmt: str, kind: str):
    rnd = get_object_or_404(DailyPenaltyRound, pk=pk)
    selectors.case_get(request.scope, rnd.case_id)  # 404 outside the actor's scope
    number = rnd.decision_number if kind == "decision" else rnd.notice_number
    doc_format = format_of(fmt)
    if doc_format is None or not number:
        raise Http404
    name = quote(f"{documents.DAILY_TITLES[kind]}_{number}.{fmt}")
    return HttpResponse(
        documents.render_daily(rnd, doc_format, kind),
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )


@allow(*READERS)
def document_daily(request, pk: int, fmt: str):
    """按日连续处罚决定书 of a decided round; served on the party like the original decision."""
    return _daily_document(request, pk, fmt, "decision")


@allow(*READERS)
def document_daily_notice(request, pk: int, fmt: str):
    """按日连续处罚事先（听证）告知书 of a notified round; served on the party."""
    return _daily_document(request, pk, fmt, "notice")


@allow(*OFFICERS)
def evidence_download(request, pk: int):
    ev = get_object_or_404(Evidence, pk=pk)
    selectors.case_get(request.scope, ev.case_id)
    if not ev.file:
        raise Http404
    return evidence.download(
        request,
        ev,
        field_file=ev.file,
        sha256=ev.sha256,
        filename=ev.original_name,
        content_type="application/octet-stream",
    )


@allow(*OFFICERS)
def transfer_document_download(request, pk: int):
    doc = get_object_or_404(TransferDocument, pk=pk)
    selectors.case_get(request.scope, doc.transfer.case_id)
    return evidence.download(
        request,
        doc,
        field_file=doc.file,
        sha256=doc.sha256,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
