"""Reads of penalty cases, scoped.

Who sees a penalty case (decision recorded in docs/enforcement.md):
- bureau officers and leaders: every case of the district;
- town (and park) officers: the cases of the facilities in their town or park, read-only;
- enterprise users: their own facilities' cases once the notice of the proposed penalty has been served
  (行政处罚法 Art. 44 — before it the investigation is internal), and then without the internal filing form;
- everyone else: 404 (the views also refuse other roles with 403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from ecopermit.accounts.scope import Scope
from ecopermit.enforcement.models import ExecutionKind, PenaltyCase, TransferKind
from ecopermit.enforcement.rules import fines, procedure
from ecopermit.enforcement.states import Status
from ecopermit.registry import facade as registry


def is_party(scope: Scope) -> bool:
    """The actor sees cases as the party (enterprise), not as an authority."""
    return scope.has("enterprise") and not (scope.is_bureau or scope.is_town_officer)


def cases_visible(scope: Scope) -> QuerySet[PenaltyCase]:
    qs = PenaltyCase.objects.all()
    if scope.is_bureau:
        return qs
    if scope.is_town_officer or scope.has("enterprise"):
        qs = qs.filter(facility_id__in=registry.visible_facility_ids(scope))
        if is_party(scope):
            qs = qs.filter(notified_on__isnull=False)
        return qs
    return qs.none()


def case_get(scope: Scope, pk: int) -> PenaltyCase:
    case = (
        cases_visible(scope)
        .select_related("facility", "facility__town", "officer", "decided_by", "rectification_case")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_list(
    scope: Scope, *, status: str = "", town: int | None = None, article: int | None = None, text: str = ""
) -> QuerySet[PenaltyCase]:
    qs = (
        cases_visible(scope)
        .select_related("facility", "facility__town")
        .annotate(n_transfers=Count("transfers"))
    )
    if status:
        qs = qs.filter(status=status)
    if town:
        qs = qs.filter(facility__town_id=town)
    if article:
        qs = qs.filter(article_no=article)
    if text:
        qs = qs.filter(Q(facility__name__icontains=text.strip()) | Q(number__icontains=text.strip()))
    return qs.order_by("-filed_on", "-pk")


def case_counts(scope: Scope) -> dict[str, Any]:
    qs = cases_visible(scope)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    fined = qs.filter(outcome="penalty").aggregate(total=Sum("decided_amount"), n=Count("pk"))
    return {
        "by_status": [(s.value, s.label, by_status.get(s.value, 0)) for s in Status],
        "total": sum(by_status.values()),
        "fined_total": fined["total"] or 0,
        "fined_n": fined["n"],
        "transferred": qs.filter(transfers__isnull=False).distinct().count(),
    }


def article_label(case: PenaltyCase) -> str:
    """《排污许可管理条例》第三十三条第一款第（一）项 style, as the documents print it."""
    if case.article_no is None:
        return ""
    art = fines.article(case.article_no)
    item = f"第（{_cn(case.item_no)}）项" if case.item_no else ""
    return f"《排污许可管理条例》{art.label_zh}{item}"


def violation_text(case: PenaltyCase) -> str:
    if case.article_no is None:
        return ""
    art = fines.article(case.article_no)
    items = {i.no: i.text_zh for i in art.items}
    return items.get(case.item_no or 0, art.title_zh)


def range_text(case: PenaltyCase) -> str:
    """The fine range of the case's article (per occurrence for art. 37) in words."""
    if case.article_no is None:
        return ""
    art = fines.article(case.article_no)
    rng = art.serious_fine if case.serious and art.serious_fine else art.fine
    # An article a case is filed under has a fine range, both ends given (fines.check_fine relies on it too).
    assert rng.minimum is not None and rng.maximum is not None
    if rng.kind == "up_to":
        return f"{fines.format_yuan(rng.maximum)}以下"
    text = f"{fines.format_yuan(rng.minimum)}以上{fines.format_yuan(rng.maximum)}以下"
    if rng.kind == "per_occurrence":
        return (
            f"每次{text}（共{case.occurrences}次，即{fines.format_yuan(rng.minimum * case.occurrences)}以上"
            f"{fines.format_yuan(rng.maximum * case.occurrences)}以下）"
        )
    return text


def _cn(n: int | None) -> str:
    digits = "零一二三四五六七八九十"
    if n is None:
        return ""
    if n <= 10:
        return digits[n]
    return f"十{digits[n - 10]}" if n < 20 else str(n)


# Events the party does not see: the evidence file, transfers, and re-inspection reminders (the re-inspection is
# unannounced, Order 28 Art. 10).
INTERNAL_EVENTS = frozenset({"evidence.added", "transfer.recorded", "daily.reminder"})


def timeline(case: PenaltyCase, *, party: bool = False) -> list[dict[str, Any]]:
    """The case's events in words. The party (enterprise) sees the events from the notice on."""
    labels = {
        "case.filed": _("Case filed"),
        "violation.recorded": _("Violation recorded"),
        "evidence.added": _("Evidence recorded"),
        "statement.recorded": _("Statement and defence recorded"),
        "hearing.waived": _("Hearing waived"),
        "hearing.held": _("Hearing held"),
        "execution.recorded": _("Execution recorded"),
        "transfer.recorded": _("Transferred to the public security organs"),
        "daily.order_served": _("Order to correct served"),
        "daily.reinspected": _("Re-inspection recorded"),
        "daily.decided": _("Daily penalty decided"),
        "daily.status.decide": _("Daily penalty decided"),
        "daily.status.refusal_found": _("Re-inspection found the violation continuing (拒不改正)"),
        "daily.status.ended": _("Daily penalty ended: nothing to decide"),
        "daily.status.notify": _("Notice of the proposed daily penalty served"),
        "daily.status.hearing": _("Hearing on the daily penalty requested"),
        "daily.statement": _("Statement and defence on the daily penalty recorded"),
        "daily.hearing_waived": _("Hearing on the daily penalty waived"),
        "daily.hearing_held": _("Hearing on the daily penalty held"),
        "daily.reminder": _("Re-inspection reminder sent"),
    }
    events = case.events.select_related("actor").order_by("at", "pk")
    rows = []
    seen_notice = False
    for e in events:
        if e.kind == "status.notify":
            seen_notice = True
        if party and (not seen_notice or e.kind in INTERNAL_EVENTS):
            continue
        if e.kind.startswith("status."):
            label = _("Status: %(s)s") % {"s": Status(e.to_status).label}
        else:
            label = labels.get(e.kind, e.kind)
        rows.append({"at": e.at, "actor": e.actor, "label": label, "detail": e.note, "data": e.data})
    return rows


def execution_summary(case: PenaltyCase, today: Any) -> dict[str, Any]:
    paid = case.executions.filter(kind=ExecutionKind.PAYMENT).aggregate(s=Sum("amount"))["s"] or 0
    out: dict[str, Any] = {"paid": paid, "outstanding": None, "surcharge": None}
    if case.decided_amount is not None:
        out["outstanding"] = max(case.decided_amount - paid, 0)
        # Owed also when the fine was paid late in full (行政处罚法 Art. 72(1)); zero when paid on time.
        if case.payment_due and today > case.payment_due:
            rows = case.executions.filter(kind=ExecutionKind.PAYMENT).values_list("on", "amount")
            # execution_record gives every payment its amount (the paid sum above ignores a NULL as well)
            payments = [(on, amount) for on, amount in rows if amount is not None]
            out["surcharge"] = procedure.late_payment_surcharge(
                case.decided_amount, case.payment_due, today, payments
            )
    return out


def is_transferred(case: PenaltyCase) -> bool:
    return case.transfers.exists()


def transferred_as_crime(case: PenaltyCase) -> bool:
    return case.transfers.filter(kind=TransferKind.CRIME).exists()
