"""Screens of 双随机、一公开 (E1): sampling plans, the pools, the public results."""

from __future__ import annotations

from fractions import Fraction

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow, allow_public
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core.errors import DomainError
from ecopermit.inspections import draw, selectors, services
from ecopermit.inspections.forms import (
    CREDIT_LABELS,
    InspectorForm,
    PlanForm,
    RatiosForm,
    RecusalForm,
    SeedForm,
)
from ecopermit.inspections.models import Inspector, PoolEntry, SamplingPlan
from ecopermit.inspections.vocab import PlanStatus, PoolCategory

BUREAU = tuple(BUREAU_ROLES)
OFFICER = (Role.BUREAU_OFFICER,)


def _pct(value: str | None) -> str:
    """An exact fraction "1/4" shown as "25%"."""
    if value is None:
        return "—"
    f = Fraction(value) * 100
    return f"{f.numerator / f.denominator:.4g}%"


def _error(request, exc: Exception) -> None:
    messages.error(request, getattr(exc, "message", str(exc)))


@allow(*BUREAU)
def plan_list(request):
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": selectors.plan_list(),
            "form": PlanForm(initial={"period_kind": "quarter"}) if request.scope.has(*OFFICER) else None,
            "pool": [(label, selectors.pool_counts()[key]) for key, label in PoolCategory.choices],
        },
    )


@allow(*OFFICER)
@require_POST
def plan_create(request):
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the plan's fields: %(e)s") % {"e": form.errors.as_text()})
        return redirect("inspections:plan_list")
    d = form.cleaned_data
    try:
        plan = services.plan_create(
            actor=request.user,
            period_kind=d["period_kind"],
            period_day=d["period_day"],
            code=d["code"],
            name=d["name"],
        )
    except DomainError as exc:
        _error(request, exc)
        return redirect("inspections:plan_list")
    messages.success(request, _("Plan %(c)s created with the default ratios.") % {"c": plan.code})
    return redirect("inspections:plan_detail", pk=plan.pk)


@allow(*BUREAU)
def plan_detail(request, pk: int):
    plan = get_object_or_404(SamplingPlan, pk=pk)
    is_officer = request.scope.has(*OFFICER)
    labels = dict(PoolCategory.choices)
    counts = selectors.pool_counts()
    rows = [
        (key, labels[key], _pct(plan.ratios.get(key)), counts[key], plan.sources.get(key, ""))
        for key in PoolCategory.values
    ]
    factors = [(CREDIT_LABELS[k], plan.credit_factors.get(k)) for k in draw.CREDIT_LEVELS]
    report = verification = None
    if plan.status == PlanStatus.DRAWN and plan.result:
        report = selectors.draw_report(plan, draw.DrawResult.from_dict(plan.result), plan.seed)
        for stratum in report["strata"]:
            stratum["pct"] = _pct(stratum["ratio"])
        if request.GET.get("verify"):
            verification = services.plan_verify(plan)
    tasks = plan.tasks.select_related(
        "facility", "facility__town", "inspector1__user", "inspector2__user", "inspection"
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "factors": factors,
            "report": report,
            "verification": verification,
            "tasks": tasks,
            "is_officer": is_officer,
            "ratios_form": RatiosForm(initial=RatiosForm.initial_for(plan))
            if is_officer and plan.status == PlanStatus.DRAFT
            else None,
            "seed_form": SeedForm() if is_officer and plan.status == PlanStatus.DRAFT else None,
            "credit_note": plan.sources.get("credit_factors", ""),
        },
    )


@allow(*OFFICER)
@require_POST
def plan_configure(request, pk: int):
    plan = get_object_or_404(SamplingPlan, pk=pk)
    form = RatiosForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(str(e) for e in errors)}")
        return redirect("inspections:plan_detail", pk=plan.pk)
    try:
        services.plan_configure(
            actor=request.user,
            plan=plan,
            ratios=form.ratios(),
            credit_factors=form.factors(),
            staff_count=form.cleaned_data["staff_count"],
        )
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Ratios saved."))
    return redirect("inspections:plan_detail", pk=plan.pk)


@allow(*OFFICER)
@require_POST
def plan_seed(request, pk: int):
    plan = get_object_or_404(SamplingPlan, pk=pk)
    form = SeedForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Enter the public seed."))
        services.plan_publish_seed(actor=request.user, plan=plan, seed=form.cleaned_data["seed"])
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Seed published. The draw can now be run with it."))
    return redirect("inspections:plan_detail", pk=plan.pk)


@allow(*OFFICER)
@require_POST
def plan_draw(request, pk: int):
    plan = get_object_or_404(SamplingPlan, pk=pk)
    try:
        result = services.plan_draw(actor=request.user, plan=plan)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Drawn: %(n)s facilities, each with two inspectors.") % {"n": len(result.assignments)}
        )
    return redirect("inspections:plan_detail", pk=plan.pk)


@allow(*BUREAU)
def pool(request):
    category = request.GET.get("category", "")
    entries = PoolEntry.objects.select_related("facility", "facility__town").order_by(
        "category", "facility__name"
    )
    if category in PoolCategory.values:
        entries = entries.filter(category=category)
    counts = selectors.pool_counts()
    return render(
        request,
        "inspections/pool.html",
        {
            "page": Paginator(entries, 50).get_page(request.GET.get("page")),
            "categories": [(key, label, counts[key]) for key, label in PoolCategory.choices],
            "category": category,
            "inspectors": Inspector.objects.select_related("user").prefetch_related("recusals__facility"),
            "is_officer": request.scope.has(*OFFICER),
            "inspector_form": InspectorForm() if request.scope.has(*OFFICER) else None,
            "recusal_form": RecusalForm() if request.scope.has(*OFFICER) else None,
        },
    )


@allow(*OFFICER)
@require_POST
def pool_refresh(request):
    counts = services.pool_refresh(actor=request.user)
    messages.success(
        request,
        _("Pool refreshed: %(n)s facilities.") % {"n": sum(v for k, v in counts.items() if k != "removed")},
    )
    return redirect("inspections:pool")


#: The public results moved to the portal (issue 14); the old address answers with a permanent redirect.
PUBLIC_RESULTS_URL = "/public/inspections/"


@allow_public
def public_results(request):
    """The old address of the published results: moved for good to the portal, query string kept."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(PUBLIC_RESULTS_URL + (f"?{query}" if query else ""))
