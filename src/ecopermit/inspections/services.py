"""Writes of 双随机、一公开 (E1): the item list, the two pools, sampling plans, the published seed and the draw.
Each write is atomic and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.accounts.scope import scope_of
from ecopermit.cases.facade import facility_case_summary
from ecopermit.core import clock, hooks, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor
from ecopermit.inspections import draw, rules
from ecopermit.inspections.models import (
    DrawTask,
    Finding,
    Inspection,
    InspectionItem,
    Inspector,
    PoolEntry,
    Recusal,
    SamplingPlan,
)
from ecopermit.inspections.vocab import InspectionKind, PeriodKind, PlanStatus, PoolCategory
from ecopermit.registry import facade as registry
from ecopermit.registry.facade import facility_profile

# --- 一单 ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def checklist_sync() -> int:
    """Loads the checklist data files into InspectionItem (insert or update); items no longer in a file become
    inactive, never deleted, since answers refer to them. Returns the number of active items."""
    seen = []
    for cl in rules.checklists().values():
        for item in cl.items:
            InspectionItem.objects.update_or_create(
                code=item.code,
                defaults={
                    "checklist": item.checklist,
                    "position": item.position,
                    "text": item.text,
                    "legal_basis": item.legal_basis,
                    "finding_kind": item.finding_kind,
                    "active": True,
                },
            )
            seen.append(item.code)
    InspectionItem.objects.exclude(code__in=seen).update(active=False)
    return len(seen)


# --- 二库: objects ------------------------------------------------------------------------------------------------


@transaction.atomic
def pool_refresh(*, actor: Actor) -> dict[str, int]:
    """Recomputes every facility's category in the inspection-object pool from the inventory (key-discharger
    list, the catalog's management class), the rectification cases (an open case) and the inspections (findings
    in the last year). Closed facilities and those outside the catalog leave the pool."""
    now = clock.now()
    since = now - dt.timedelta(days=rules.RECENT_VIOLATION_DAYS)
    findings = Counter(
        Finding.objects.filter(inspection__inspected_at__gte=since).values_list(
            "inspection__facility_id", flat=True
        )
    )
    # Upheld complaints come from the complaints app above, through the ``complaint_counts`` hook (G1).
    complaints: Counter[int] = Counter()
    for answer in hooks.fire("complaint_counts", since=since):
        complaints.update(answer)
    manual = dict(
        PoolEntry.objects.exclude(manual_special_reason="").values_list(
            "facility_id", "manual_special_reason"
        )
    )
    counts: Counter[str] = Counter()
    kept = []
    facilities = (
        registry.facilities_all().exclude(status="closed").only("pk", "on_key_list", "management_class")
    )
    for f in facilities.order_by("pk"):
        facts = rules.FacilityFacts(
            on_key_list=f.on_key_list,
            management_class=f.management_class,
            open_case=facility_case_summary(f.pk) is not None,
            recent_findings=findings.get(f.pk, 0),
            complaints=complaints.get(f.pk, 0),
            manual_special=manual.get(f.pk, ""),
        )
        placed = rules.pool_category(facts)
        if placed is None:
            continue
        category, reasons = placed
        PoolEntry.objects.update_or_create(
            facility_id=f.pk,
            defaults={
                "category": category,
                "reasons": reasons,
                "refreshed_at": now,
                "manual_special_reason": manual.get(f.pk, ""),
            },
        )
        kept.append(f.pk)
        counts[category] += 1
    removed, _d = PoolEntry.objects.exclude(facility_id__in=kept).delete()
    result = {**{c: counts.get(c, 0) for c in PoolCategory.values}, "removed": removed}
    audit_record(
        actor=actor, action="inspections.pool_refresh", object_type="inspections.poolentry", after=result
    )
    return result


# --- 二库: inspectors ---------------------------------------------------------------------------------------------


@transaction.atomic
def inspector_register(
    *, actor: Actor, user: Any, certificate_number: str, available: bool = True
) -> Inspector:
    """Puts a bureau officer in the inspector pool with the number of their enforcement certificate."""
    if not scope_of(user).has("bureau_officer"):
        raise DomainError(
            _("Only a bureau officer can be an inspector: %(u)s is not.") % {"u": user.username}, field="user"
        )
    certificate_number = certificate_number.strip()
    if not certificate_number:
        raise DomainError(_("The enforcement certificate number is required."), field="certificate_number")
    if Inspector.objects.filter(certificate_number=certificate_number).exclude(user=user).exists():
        raise DomainError(
            _("Certificate number %(n)s belongs to another inspector.") % {"n": certificate_number},
            field="certificate_number",
        )
    inspector, _c = Inspector.objects.update_or_create(
        user=user, defaults={"certificate_number": certificate_number, "available": available}
    )
    audit_record(
        actor=actor,
        action="inspections.inspector_register",
        obj=inspector,
        after={"user": user.pk, "certificate_number": certificate_number, "available": available},
    )
    return inspector


@transaction.atomic
def recusal_add(*, actor: Actor, inspector: Inspector, facility_id: int, reason: str) -> Recusal:
    if not reason.strip():
        raise DomainError(_("A recusal needs its reason."), field="reason")
    recusal, _c = Recusal.objects.update_or_create(
        inspector=inspector, facility_id=facility_id, defaults={"reason": reason.strip()}
    )
    audit_record(
        actor=actor,
        action="inspections.recusal_add",
        obj=recusal,
        after={"inspector": inspector.pk, "facility": facility_id, "reason": reason},
    )
    return recusal


@transaction.atomic
def recusal_remove(*, actor: Actor, recusal: Recusal) -> None:
    before = {"inspector": recusal.inspector_id, "facility": recusal.facility_id, "reason": recusal.reason}
    audit_record(actor=actor, action="inspections.recusal_remove", obj=recusal, before=before, after=None)
    recusal.delete()


# --- Plans ------------------------------------------------------------------------------------------------------


def _check_ratios(
    ratios: dict[str, Any], factors: dict[str, Any], kind: str
) -> tuple[dict[str, str], dict[str, str]]:
    labels = dict(PoolCategory.choices)
    out_r = {}
    for key in PoolCategory.values:
        if key not in ratios:
            raise DomainError(
                _("The plan has no ratio for the category %(c)s.") % {"c": labels[key]}, field="ratios"
            )
        try:
            out_r[key] = str(rules.parse_ratio(ratios[key], str(labels[key])))
        except ValueError as exc:
            raise DomainError(str(exc), field="ratios") from exc
    if low := rules.below_floor(out_r, kind):
        key = low[0]
        raise DomainError(
            _(
                "%(c)s: the ratio may not be below %(f)s per %(p)s (key units are checked at least 25%% a "
                "quarter, every one at least once a year)."
            )
            % {"c": labels[key], "f": f"{rules.key_floor(kind):.0%}", "p": PeriodKind(kind).label},
            field="ratios",
        )
    out_f = {}
    for key in draw.CREDIT_LEVELS:
        if key not in factors:
            raise DomainError(
                _("The plan has no credit factor for level %(c)s.") % {"c": key}, field="credit_factors"
            )
        try:
            value = draw._ratio(factors[key], key)
        except draw.DrawError as exc:
            raise DomainError(
                _("Credit factor for %(c)s: %(v)s is not a number of 0 or more.")
                % {"c": draw.CREDIT_LEVELS[key], "v": factors[key]},
                field="credit_factors",
            ) from exc
        out_f[key] = str(value)
    return out_r, out_f


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    period_kind: str,
    period_day: dt.date,
    name: str = "",
    code: str = "",
    ratios: dict[str, Any] | None = None,
    credit_factors: dict[str, Any] | None = None,
    staff_count: int | None = None,
    is_demo: bool = False,
) -> SamplingPlan:
    """A plan for the quarter or year containing ``period_day``, with the default ratios unless given."""
    start, end = rules.period_bounds(period_kind, period_day)
    code = code.strip() or f"SJ-{rules.period_code(period_kind, start)}"
    if "|" in code:
        raise DomainError(_("The plan identity must not contain '|'."), field="code")
    if SamplingPlan.objects.filter(code=code).exists():
        raise DomainError(_("A plan with the identity %(c)s exists already.") % {"c": code}, field="code")
    r, f = _check_ratios(
        ratios or rules.default_ratios(period_kind),
        credit_factors or rules.default_credit_factors(),
        period_kind,
    )
    label = (
        f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
        if period_kind == "quarter"
        else f"{start.year}年度"
    )
    plan = SamplingPlan.objects.create(
        code=code,
        name=name.strip() or f"{label}双随机抽查计划",
        period_kind=period_kind,
        period_start=start,
        period_end=end,
        ratios=r,
        credit_factors=f,
        staff_count=staff_count or None,
        sources=rules.SOURCES,
        created_by=user_of(actor),
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="inspections.plan_create",
        obj=plan,
        after={"code": code, "ratios": r, "credit_factors": f, "staff_count": staff_count},
    )
    return plan


@transaction.atomic
def plan_configure(
    *,
    actor: Actor,
    plan: SamplingPlan,
    ratios: dict[str, Any],
    credit_factors: dict[str, Any],
    staff_count: int | None,
) -> SamplingPlan:
    plan = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("The seed is published: the plan's ratios can no longer change."))
    before = {"ratios": plan.ratios, "credit_factors": plan.credit_factors, "staff_count": plan.staff_count}
    plan.ratios, plan.credit_factors = _check_ratios(ratios, credit_factors, plan.period_kind)
    plan.staff_count = staff_count or None
    plan.save(update_fields=["ratios", "credit_factors", "staff_count"])
    audit_record(
        actor=actor,
        action="inspections.plan_configure",
        obj=plan,
        before=before,
        after={"ratios": plan.ratios, "credit_factors": plan.credit_factors, "staff_count": staff_count},
    )
    return plan


@transaction.atomic
def plan_publish_seed(*, actor: Actor, plan: SamplingPlan, seed: str) -> SamplingPlan:
    """Publishes the seed before the draw: from then on the ratios are frozen and only this seed can draw."""
    plan = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
    seed = seed.strip()
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(
            _("The seed of plan %(c)s was published on %(t)s and cannot change.")
            % {"c": plan.code, "t": f"{timezone.localtime(plan.seed_published_at):%Y-%m-%d %H:%M}"}
        )
    if not seed or len(seed) > 200:
        raise DomainError(_("The seed must be 1 to 200 characters."), field="seed")
    plan.seed, plan.status = seed, PlanStatus.SEED_PUBLISHED
    plan.seed_published_at = clock.now()
    plan.seed_published_by = user_of(actor)
    plan.save(update_fields=["seed", "status", "seed_published_at", "seed_published_by"])
    audit_record(
        actor=actor,
        action="inspections.seed_publish",
        obj=plan,
        after={"plan": plan.code, "seed": seed, "seed_digest": draw.seed_digest(plan.code, seed).hex()},
    )
    return plan


@dataclass(frozen=True)
class Snapshot:
    inputs: draw.DrawInputs
    data: dict[str, Any] = field(default_factory=dict)


def _snapshot(plan: SamplingPlan, seed: str) -> Snapshot:
    """The pools as they stand now, as draw inputs. Objects are named by their unified social credit code and
    inspectors by their certificate number: both public, both stable, no personal data."""
    entries = list(PoolEntry.objects.select_related("facility").order_by("facility_id"))
    inspectors = list(
        Inspector.objects.filter(available=True, user__is_active=True)
        .select_related("user")
        .prefetch_related("recusals__facility")
        .order_by("certificate_number")
    )
    code_of = {e.facility_id: e.facility.credit_code for e in entries}
    # Key units drawn by another plan of the same year are no longer due (the floor: each once a year).
    drawn_this_year = set(
        DrawTask.objects.filter(plan__period_start__year=plan.period_start.year)
        .exclude(plan=plan)
        .values_list("facility_id", flat=True)
    )
    objects = [
        draw.PoolObject(
            code_of[e.facility_id],
            e.category,
            e.facility.credit_level,
            due=_is_key(e.facility) and e.facility_id not in drawn_this_year,
        )
        for e in entries
    ]
    pool_sizes = Counter(e.category for e in entries)
    ratios = rules.effective_ratios(
        plan.ratios, kind=plan.period_kind, staff_count=plan.staff_count, pool_sizes=pool_sizes
    )
    pool_inspectors = [
        draw.Inspector(i.certificate_number, frozenset(r.facility.credit_code for r in i.recusals.all()))
        for i in inspectors
    ]
    inputs = draw.DrawInputs(
        plan.code,
        seed,
        tuple(objects),
        tuple(pool_inspectors),
        ratios,
        plan.credit_factors,
        floors=rules.floors(ratios, kind=plan.period_kind),
        periods_left=rules.periods_left(plan.period_kind, plan.period_start),
    )
    data = {
        "inputs": inputs.canonical(),
        "facilities": {e.facility.credit_code: e.facility_id for e in entries},
        "inspectors": {i.certificate_number: i.pk for i in inspectors},
        "pool_sizes": dict(pool_sizes),
        "taken_at": clock.now().isoformat(),
    }
    return Snapshot(inputs, data)


def _is_key(facility: Any) -> bool:
    return rules.is_key_unit(
        rules.FacilityFacts(
            facility.on_key_list, facility.management_class, open_case=False, recent_findings=0
        )
    )


def inputs_from_snapshot(data: dict[str, Any]) -> draw.DrawInputs:
    """The draw inputs recorded at the draw; a snapshot of algorithm /1 has three fields per object."""
    c = data["inputs"]
    return draw.DrawInputs(
        plan_id=c["plan_id"],
        seed=c["seed"],
        objects=tuple(draw.PoolObject(*o) for o in c["objects"]),
        inspectors=tuple(draw.Inspector(i, frozenset(rec)) for i, rec in c["inspectors"]),
        ratios=c["ratios"],
        credit_factors=c["credit_factors"],
        floors=c.get("floors", {}),
        periods_left=c.get("periods_left", 1),
    )


def _run(snapshot: Snapshot) -> draw.DrawResult:
    try:
        return draw.draw(snapshot.inputs)
    except draw.InspectorAssignmentError as exc:
        eligible = sum(1 for i in snapshot.inputs.inspectors if exc.object_id not in i.recusals)
        raise DomainError(
            _(
                "Cannot give two inspectors to the facility with code %(c)s: only %(n)s inspector(s) "
                "in the pool do not recuse from it. Add inspectors or make them available."
            )
            % {"c": exc.object_id, "n": eligible}
        ) from exc
    except draw.DrawError as exc:
        raise DomainError(_("The draw cannot run: %(e)s") % {"e": exc}) from exc


def plan_draw(
    *, actor: Actor, plan: SamplingPlan, seed: str | None = None, dry_run: bool = False
) -> draw.DrawResult:
    """Draws the plan with its published seed. ``dry_run`` only computes (any seed, nothing stored); otherwise
    the pools are snapshotted with the result, one task per selected facility is created with its inspection
    to do, the inspectors are told, and the draw is an audit event. A plan is drawn once."""
    if dry_run:
        seed = seed if seed is not None else plan.seed
        if not seed:
            raise DomainError(_("Give a seed: the plan has no published seed yet."), field="seed")
        return _run(_snapshot(plan, seed))
    with transaction.atomic():
        plan = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.DRAWN:
            raise DomainError(
                _("Plan %(c)s was drawn on %(t)s; a plan is drawn only once.")
                % {"c": plan.code, "t": f"{timezone.localtime(plan.drawn_at):%Y-%m-%d %H:%M}"}
            )
        if plan.status != PlanStatus.SEED_PUBLISHED:
            raise DomainError(_("Publish the seed before the draw."), field="seed")
        if seed is not None and seed != plan.seed:
            raise DomainError(
                _("The seed given is not the seed published for plan %(c)s.") % {"c": plan.code}, field="seed"
            )
        snapshot = _snapshot(plan, plan.seed)
        result = _run(snapshot)
        plan.snapshot, plan.result = snapshot.data, result.to_dict()
        plan.status, plan.drawn_at = PlanStatus.DRAWN, clock.now()
        plan.drawn_by = user_of(actor)
        plan.save(update_fields=["snapshot", "result", "status", "drawn_at", "drawn_by"])
        _store_tasks(plan, result, snapshot.data, actor)
        audit_record(
            actor=actor,
            action="inspections.draw",
            obj=plan,
            after={
                "plan": plan.code,
                "seed": plan.seed,
                "seed_digest": result.seed_digest,
                "inputs_digest": result.inputs_digest,
                "algorithm": result.algorithm,
                "selected": len(result.assignments),
                "pool": len(snapshot.inputs.objects),
            },
        )
    return result


def _store_tasks(plan: SamplingPlan, result: draw.DrawResult, data: dict[str, Any], actor: Actor) -> None:
    facility_of, inspector_of = data["facilities"], data["inspectors"]
    inspectors = Inspector.objects.in_bulk(list(inspector_of.values()))
    for a in result.assignments:
        fid = facility_of[a.object_id]
        i1, i2 = (inspectors[inspector_of[i]] for i in a.inspector_ids)
        task = DrawTask.objects.create(
            plan=plan, facility_id=fid, category=a.category, credit=a.credit, inspector1=i1, inspector2=i2
        )
        Inspection.objects.create(
            number=numbering.next_reference("inspection", clock.today().year),
            facility_id=fid,
            task=task,
            kind=InspectionKind.DRAWN,
            inspector1=i1,
            inspector2=i2,
            checklist=rules.checklist_for_industry(facility_profile(fid)["industry_codes"]),
            created_by=user_of(actor),
            is_demo=plan.is_demo,
        )
    per_inspector = Counter(i for a in result.assignments for i in a.inspector_ids)
    for cert, n in sorted(per_inspector.items()):
        notify(
            [inspectors[inspector_of[cert]].user],
            _("Plan %(c)s was drawn: %(n)s inspection(s) for you.") % {"c": plan.code, "n": n},
            "/inspections/mine/",
        )


@dataclass(frozen=True)
class Verification:
    ok: bool
    differences: tuple[str, ...]
    result: draw.DrawResult | None


def plan_verify(plan: SamplingPlan) -> Verification:
    """Re-runs the draw on the inputs snapshotted at the draw and compares with the stored result and the stored
    tasks. Independent of any later change to the pools."""
    if plan.status != PlanStatus.DRAWN or not plan.snapshot:
        raise DomainError(_("Plan %(c)s has not been drawn.") % {"c": plan.code})
    inputs = inputs_from_snapshot(plan.snapshot)
    diffs: list[str] = []
    if inputs.plan_id != plan.code or inputs.seed != plan.seed:
        diffs.append(_("the snapshot's plan identity or seed differs from the published one"))
    try:
        rerun = draw.draw(inputs)
    except draw.DrawError as exc:
        return Verification(False, (*diffs, str(exc)), None)
    stored = plan.result or {}
    if stored.get("inputs_digest") != rerun.inputs_digest:
        diffs.append(_("the digest of the inputs differs"))
    if stored.get("seed_digest") != rerun.seed_digest:
        diffs.append(_("the seed digest differs"))
    expected = {a.object_id: set(a.inspector_ids) for a in rerun.assignments}
    recorded = {a["object_id"]: set(a["inspector_ids"]) for a in stored.get("assignments", [])}
    diffs += _compare(_("stored result"), expected, recorded)
    code_of = {v: k for k, v in plan.snapshot["facilities"].items()}
    cert_of = {v: k for k, v in plan.snapshot["inspectors"].items()}
    tasks = {
        code_of.get(t.facility_id, f"#{t.facility_id}"): {
            cert_of.get(t.inspector1_id, f"#{t.inspector1_id}"),
            cert_of.get(t.inspector2_id, f"#{t.inspector2_id}"),
        }
        for t in plan.tasks.all()
    }
    diffs += _compare(_("stored tasks"), expected, tasks)
    return Verification(not diffs, tuple(diffs), rerun)


def _compare(what: str, expected: dict[str, set[str]], recorded: dict[str, set[str]]) -> list[str]:
    out = []
    for code in sorted(expected.keys() - recorded.keys()):
        out.append(_("%(w)s: %(c)s was drawn but is missing") % {"w": what, "c": code})
    for code in sorted(recorded.keys() - expected.keys()):
        out.append(_("%(w)s: %(c)s is recorded but was not drawn") % {"w": what, "c": code})
    for code in sorted(expected.keys() & recorded.keys()):
        if expected[code] != recorded[code]:
            out.append(
                _("%(w)s: %(c)s has inspectors %(r)s, the draw gives %(e)s")
                % {
                    "w": what,
                    "c": code,
                    "r": "、".join(sorted(recorded[code])),
                    "e": "、".join(sorted(expected[code])),
                }
            )
    return out
