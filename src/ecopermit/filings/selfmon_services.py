"""Writes of self-monitoring (自行监测, issue 13 M3): the plan, its results, and the nightly watch for missing ones.

- ``monitoring_plan_generate``: a plan line per outlet and pollutant the permit limits, its frequency from the
  editable table (``rules.monitoring_plan``, not verified against HJ 819: the page shows the warning wherever a
  default is used), automatic where the outlet's automatic monitoring measures the pollutant
  (``rules.selfmon_defaults``). Lines already there are kept (an officer's change is never overwritten).
- ``monitoring_plan_item_change``: the officer sets a line's frequency (or automatic) from the permit, with the
  clause as its source.
- ``monitoring_result_add``: a result entered on screen with its monitoring report (PDF, hashed in the evidence
  store); over the outlet's limit it is an exceedance problem (条例 Art. 34(1)), raised once per result.
- ``monitoring_results_import``: the results of a filled-in XLSX template (``selfmon_sheets``), all or none:
  each row must name a plan line of the facility and pass ``monitoring_result_add`` (which stores it, source
  "xlsx", and raises its exceedance problem as on screen); one problem anywhere and nothing is stored.
- ``monitoring_results_from_online``: for automatically monitored plan lines, each calendar month's mean of the
  valid hourly online values recorded as a result (source "online"), once per line and month.
- ``selfmon_watch``: each sampling period that ended without a result is a problem (条例 Art. 36(5)), once per
  plan line and period.

Results are original monitoring records, kept at least five years (条例 Art. 19, ``rules.retention``): there is no
edit and no delete of a result anywhere in the platform.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.facade import user_of
from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Kind as ProblemKind
from ecopermit.cases.vocab import Source
from ecopermit.core import clock, evidence, hooks
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.sheets import ImportIssue
from ecopermit.core.types import Actor
from ecopermit.filings.models import MonitoringPlanItem, MonitoringResult, SamplingFrequency
from ecopermit.filings.rules import monitoring_plan as plan_rules
from ecopermit.filings.rules import selfmon_defaults as defaults
from ecopermit.filings.selfmon_sheets import SPEC as RESULTS_SPEC
from ecopermit.filings.selfmon_sheets import read_results
from ecopermit.filings.sheet_table import ImportOutcome, Rejected, TableRow, sort_issues
from ecopermit.monitoring import facade as monitoring
from ecopermit.registry import facade as registry

#: Problems raised here carry this source: the cases documents call it 核查 (found by checking the records).
PROBLEM_SOURCE = Source.OVERDUE_FILING
MAX_REPORT_BYTES = 20 * 1024 * 1024
CONCENTRATION_STATISTICS = ("instant", "hourly", "daily")
AUTOMATIC_SOURCE = "条例第二十条：自动监测设备已安装并联网，替代手工监测（局默认，按许可证副本核对）"


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plan_link(facility_id: int) -> str:
    return reverse("filings:monitoring_plan", args=[facility_id])


def _class_on(facility_id: int, on: dt.date) -> tuple[str, dt.date]:
    """The management class of the permit in force on ``on`` and the day it was issued; ``DomainError`` when the
    facility holds none (the plan is the permit's: no permit, no plan)."""
    held = [
        p
        for p in registry.permits_held_in(on.year, facility_ids=[facility_id])
        if p.issued_on <= on <= p.valid_until
    ]
    if not held:
        raise DomainError(
            _("The facility holds no discharge permit on %(day)s: there is no plan to generate.")
            % {"day": on}
        )
    permit = held[-1]
    return permit.management_class, permit.issued_on


def limit_rows(outlet_ids: Any) -> dict[int, list[defaults.LimitRow]]:
    """The concentration and annual-total limits of these outlets, by outlet id."""
    rows: dict[int, list[defaults.LimitRow]] = defaultdict(list)
    for r in registry.outlet_limits(outlet_ids, statistics=(*CONCENTRATION_STATISTICS, "annual_total")):
        rows[r.outlet_id].append(
            defaults.LimitRow(r.pollutant_code, r.statistic, r.value, r.unit, r.valid_from, r.valid_to)
        )
    return rows


@transaction.atomic
def monitoring_plan_generate(
    *, actor: Actor, facility_id: int, on: dt.date | None = None
) -> list[MonitoringPlanItem]:
    """The plan lines the facility lacks, one per outlet and limited pollutant; returns those created."""
    on = on or clock.today()
    management_class, issued_on = _class_on(facility_id, on)
    if management_class not in plan_rules.CLASSES:
        raise DomainError(_("The permit's management class has no self-monitoring frequencies."))
    table = plan_rules.frequency_table()
    outlets = registry.outlets_for_monitoring(facility_id)
    limits = limit_rows([o.id for o in outlets])
    existing = set(
        MonitoringPlanItem.objects.filter(facility_id=facility_id).values_list("outlet_id", "pollutant_code")
    )
    created: list[MonitoringPlanItem] = []
    now = clock.now()
    for outlet in outlets:
        pollutants = sorted({r.pollutant_code for r in limits[outlet.id]})
        totals = {r.pollutant_code for r in limits[outlet.id] if r.statistic == "annual_total"}
        for pollutant in pollutants:
            if (outlet.id, pollutant) in existing:
                continue
            indicator = defaults.indicator_of(outlet.medium, pollutant, has_annual_total=pollutant in totals)
            row = table.lookup(management_class, outlet.medium, outlet.kind, indicator)
            try:
                frequency = defaults.model_frequency(row.frequency)
            except ValueError as exc:
                raise DomainError(
                    _("The frequency table gives daily sampling for %(key)s; set that line by hand.")
                    % {"key": f"{management_class}/{outlet.medium}/{outlet.kind}/{indicator}"}
                ) from exc
            automatic = defaults.is_automatic(
                outlet.medium, pollutant, installed=outlet.auto_installed, networked=outlet.auto_networked
            )
            created.append(
                MonitoringPlanItem(
                    facility_id=facility_id,
                    outlet_id=outlet.id,
                    pollutant_code=pollutant,
                    frequency=frequency,
                    automatic=automatic,
                    source=AUTOMATIC_SOURCE if automatic else row.source,
                    valid_from=issued_on,
                    created_by=user_of(actor),
                    created_at=now,
                )
            )
    MonitoringPlanItem.objects.bulk_create(created)
    audit_record(
        actor=actor,
        action="filings.plan.generate",
        object_type="registry.facility",
        object_id=facility_id,
        after={
            "management_class": management_class,
            "valid_from": issued_on,
            "lines": [
                {
                    "outlet": i.outlet_id,
                    "pollutant": i.pollutant_code,
                    "frequency": i.frequency,
                    "automatic": i.automatic,
                }
                for i in created
            ],
        },
    )
    return created


def is_default(item: MonitoringPlanItem) -> bool:
    """Whether the line's frequency is still the unverified table's default (its source is a table row's)."""
    return item.source in {row.source for row in plan_rules.frequency_table().rows}


@transaction.atomic
def monitoring_plan_item_change(
    *, actor: Actor, item: MonitoringPlanItem, frequency: str, automatic: bool, source: str
) -> MonitoringPlanItem:
    """The officer sets a line's frequency from the permit (its 自行监测方案), naming the clause."""
    item = MonitoringPlanItem.objects.select_for_update().get(pk=item.pk)
    if frequency not in SamplingFrequency.values:
        raise DomainError(_("Choose a frequency."), field="frequency")
    source = source.strip()
    if not source:
        raise DomainError(_("Name the permit clause that sets this frequency."), field="source")
    if source in {row.source for row in plan_rules.frequency_table().rows}:
        raise DomainError(_("Name the permit clause, not the default table."), field="source")
    before = {"frequency": item.frequency, "automatic": item.automatic, "source": item.source}
    item.frequency, item.automatic, item.source = frequency, automatic, source[:200]
    item.save(update_fields=["frequency", "automatic", "source"])
    audit_record(
        actor=actor,
        action="filings.plan.change",
        obj=item,
        before=before,
        after={"frequency": item.frequency, "automatic": item.automatic, "source": item.source},
    )
    return item


def _pollutant_name(outlet_id: int, pollutant: str) -> str:
    for r in registry.outlet_limits([outlet_id], statistics=(*CONCENTRATION_STATISTICS, "annual_total")):
        if r.pollutant_code == pollutant and r.pollutant_name:
            return r.pollutant_name
    return pollutant


@transaction.atomic
def monitoring_result_add(
    *,
    actor: Actor,
    item: MonitoringPlanItem,
    sampled_on: dt.date,
    value: Decimal,
    unit: str,
    laboratory: str = "",
    method: str = "",
    file_content: bytes | None = None,
    file_name: str = "",
    source: str = MonitoringResult.Source.MANUAL,
) -> MonitoringResult:
    """Records one result; over the outlet's limit, an exceedance problem (条例 Art. 34(1)) on the facility's
    case, the bureau's officers and the enterprise told."""
    if sampled_on > clock.today():
        raise DomainError(_("The sampling date is in the future."), field="sampled_on")
    if value < 0:
        raise DomainError(_("A concentration cannot be negative."), field="value")
    unit = unit.strip()
    if not unit:
        raise DomainError(_("Give the unit."), field="unit")
    limit = defaults.limit_for(limit_rows([item.outlet_id])[item.outlet_id], item.pollutant_code, sampled_on)
    try:
        over = defaults.judge(value, unit, limit)
    except ValueError:
        assert limit is not None
        raise DomainError(
            _("Enter the value in the unit of the permitted limit (%(unit)s).") % {"unit": limit.unit},
            field="unit",
        ) from None
    result = MonitoringResult(
        plan_item=item,
        sampled_on=sampled_on,
        laboratory=laboratory.strip()[:200],
        method=method.strip()[:200],
        value=value,
        unit=unit[:20],
        source=source,
        over_limit=bool(over),
        entered_by=user_of(actor),
        entered_at=clock.now(),
    )
    if file_content is not None:
        hooks.refuse_upload(actor)
        if len(file_content) > MAX_REPORT_BYTES:
            raise DomainError(_("The file is larger than 20 MB."), field="report")
        if evidence.sniff(file_content[:16]) != "application/pdf":
            raise DomainError(_("The monitoring report must be a PDF file."), field="report")
        result.original_name = (file_name or "report.pdf")[:255]
        result.sha256 = evidence.store(result.file, file_content, suffix=".pdf")
    result.save()
    audit_record(
        actor=actor,
        action="filings.result.add",
        obj=result,
        after={
            "plan_item": item.pk,
            "facility": item.facility_id,
            "outlet": item.outlet_id,
            "pollutant": item.pollutant_code,
            "sampled_on": sampled_on,
            "value": _num(value),
            "unit": unit,
            "laboratory": result.laboratory,
            "method": result.method,
            "sha256": result.sha256,
            "over_limit": result.over_limit,
            "limit": _num(limit.value) if limit else None,
        },
    )
    if over and limit is not None:
        _raise_exceedance(actor, result, limit)
    return result


#: The file's column of each field ``monitoring_result_add`` can refuse.
_RESULT_COLUMN = {"sampled_on": "sampled_on", "value": "value", "unit": "unit"}


def _row_issue(row: TableRow, exc: DomainError) -> ImportIssue:
    field = _RESULT_COLUMN.get(exc.field or "")
    if field is None:
        return ImportIssue(RESULTS_SPEC.sheet, row.row, "", "", "", exc.message)
    return row.issue(RESULTS_SPEC, field, exc.message)


def monitoring_results_import(
    *, actor: Actor, facility_id: int, content: bytes, file_name: str
) -> ImportOutcome:
    """Stores every result of the file through ``monitoring_result_add`` (source "xlsx"), or none: the outcome's
    issues name sheet, row and column of each problem — of the file (``selfmon_sheets.read_results``), an outlet
    or pollutant not in the facility's plan, a row twice in the file or already stored, and whatever
    ``monitoring_result_add`` refuses (a future date, a unit that is not the limit's)."""
    rows, found = read_results(content)
    if found:
        return ImportOutcome(issues=tuple(found))
    items = {
        (i.outlet.code.upper(), i.pollutant_code.lower()): i
        for i in MonitoringPlanItem.objects.filter(facility_id=facility_id).select_related("outlet")
    }
    outlets = {code for code, _pollutant in items}
    issues: list[ImportIssue] = []
    checked: list[tuple[TableRow, MonitoringPlanItem]] = []
    seen: dict[tuple[int, dt.date, Decimal], int] = {}
    for row in rows:
        v = row.values
        if v["outlet_code"] not in outlets:
            issues.append(row.issue(RESULTS_SPEC, "outlet_code", "本单位的自行监测方案中没有该排放口"))
            continue
        item = items.get((v["outlet_code"], v["pollutant_code"]))
        if item is None:
            issues.append(row.issue(RESULTS_SPEC, "pollutant_code", "自行监测方案中该排放口没有这项污染物"))
            continue
        key = (item.pk, v["sampled_on"], v["value"])
        if key in seen:
            issues.append(
                ImportIssue(
                    RESULTS_SPEC.sheet,
                    row.row,
                    "",
                    "",
                    "",
                    f"与第{seen[key]}行重复（同一排放口、污染物、采样日期和监测值）",
                )
            )
            continue
        seen[key] = row.row
        checked.append((row, item))
    stored_keys = set(
        MonitoringResult.objects.filter(
            plan_item__in={item.pk for _row, item in checked},
            sampled_on__in={row.values["sampled_on"] for row, _item in checked},
        ).values_list("plan_item_id", "sampled_on", "value")
    )
    fresh = []
    for row, item in checked:
        if (item.pk, row.values["sampled_on"], row.values["value"]) in stored_keys:
            issues.append(
                ImportIssue(
                    RESULTS_SPEC.sheet,
                    row.row,
                    "",
                    "",
                    "",
                    "该结果已经录入过（同一排放口、污染物、采样日期和监测值）",
                )
            )
        else:
            fresh.append((row, item))
    # Every checked row goes through monitoring_result_add even when others failed, so that one upload reports
    # all the problems; the transaction is then rolled back.
    stored: list[MonitoringResult] = []
    try:
        with transaction.atomic():
            for row, item in fresh:
                v = row.values
                try:
                    with transaction.atomic():
                        stored.append(
                            monitoring_result_add(
                                actor=actor,
                                item=item,
                                sampled_on=v["sampled_on"],
                                value=v["value"],
                                unit=v["unit"],
                                laboratory=v.get("laboratory", ""),
                                method=v.get("method", ""),
                                source=MonitoringResult.Source.XLSX,
                            )
                        )
                except DomainError as exc:
                    issues.append(_row_issue(row, exc))
            if issues:
                raise Rejected
            audit_record(
                actor=actor,
                action="filings.result.import",
                object_type="registry.facility",
                object_id=facility_id,
                after={
                    "file_name": file_name[:255],
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "rows": len(stored),
                    "results": [r.pk for r in stored],
                    "over_limit": [r.pk for r in stored if r.over_limit],
                },
            )
    except Rejected:
        return ImportOutcome(issues=tuple(sort_issues(issues)))
    return ImportOutcome(stored=tuple(stored))


ONLINE_LABORATORY = "在线监测（自动监测设备）"
ONLINE_METHOD = "自动监测有效小时均值的月均值（局默认：小时有效性按数据判定规则；超标由在线监测按小时判定）"
_DEFAULT_UNITS = {"gas": "mg/m3", "water": "mg/L"}


def _months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months wholly within ``[start, end]``."""
    months: list[tuple[dt.date, dt.date]] = []
    first = start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    while True:
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if last > end:
            return months
        months.append((first, last))
        first = last + dt.timedelta(days=1)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


@transaction.atomic
def monitoring_results_from_online(
    *, facility_id: int, start: dt.date, end: dt.date
) -> list[MonitoringResult]:
    """For each automatic plan line of the facility and each calendar month wholly within ``[start, end]`` that
    has ended, the mean of the month's valid hourly values (``monitoring.facade.outlet_hours``) recorded as a
    result with source "online", dated the month's last day, in the limit's unit — once per line and month
    (idempotent: a month already recorded is skipped; a month without a valid hour records nothing).

    **Bureau default, not law**: the monthly mean is the period's figure; it is judged against the limit for the
    ``over_limit`` mark only. No problem is raised here: online exceedances are judged hour by hour by the
    online-monitoring app, and a second problem for the same hours would count them twice."""
    end = min(end, clock.today() - dt.timedelta(days=1))
    months = _months(start, end)
    items = list(
        MonitoringPlanItem.objects.filter(facility_id=facility_id, automatic=True).select_related("outlet")
    )
    if not months or not items:
        return []
    done = set(
        MonitoringResult.objects.filter(
            plan_item__in=[i.pk for i in items],
            source=MonitoringResult.Source.ONLINE,
            sampled_on__gte=months[0][0],
            sampled_on__lte=months[-1][1],
        ).values_list("plan_item_id", "sampled_on")
    )
    limits = limit_rows({i.outlet_id for i in items})
    created: list[MonitoringResult] = []
    now = clock.now()
    for item in items:
        for first, last in months:
            if (item.pk, last) in done:
                continue
            hours = monitoring.outlet_hours(
                item.outlet_id,
                [item.pollutant_code],
                _local_midnight(first),
                _local_midnight(last + dt.timedelta(days=1)),
                medium=item.outlet.medium,
            )
            values = hours.valid_values(item.pollutant_code)
            if not values:
                continue
            mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
            limit = defaults.limit_for(limits[item.outlet_id], item.pollutant_code, last)
            unit = limit.unit if limit else _DEFAULT_UNITS.get(item.outlet.medium, "")
            result = MonitoringResult.objects.create(
                plan_item=item,
                sampled_on=last,
                laboratory=ONLINE_LABORATORY,
                method=ONLINE_METHOD,
                value=mean,
                unit=unit,
                source=MonitoringResult.Source.ONLINE,
                over_limit=bool(defaults.judge(mean, unit, limit)),
                entered_at=now,
            )
            audit_record(
                actor=None,
                action="filings.result.online",
                obj=result,
                after={
                    "plan_item": item.pk,
                    "period_start": first,
                    "period_end": last,
                    "value": _num(mean),
                    "unit": unit,
                    "valid_hours": len(values),
                    "expected_hours": hours.expected_hours,
                    "over_limit": result.over_limit,
                },
            )
            created.append(result)
    return created


def _raise_exceedance(actor: Actor, result: MonitoringResult, limit: defaults.LimitRow) -> None:
    item = result.plan_item
    facility = registry.facility_ref(item.facility_id)
    outlet = registry.outlet_refs([item.outlet_id])[item.outlet_id]
    name = _pollutant_name(item.outlet_id, item.pollutant_code)
    text = _(
        "%(facility)s %(outlet)s: the self-monitoring result of %(pollutant)s sampled on %(day)s was "
        "%(value)s %(unit)s, over the permitted limit of %(limit)s %(unit)s."
    ) % {
        "facility": facility.name,
        "outlet": f"{outlet.code} {outlet.name}",
        "pollutant": name,
        "day": result.sampled_on.isoformat(),
        "value": _num(result.value),
        "unit": result.unit,
        "limit": _num(limit.value),
    }
    result.problem_id = cases.problem_raise(
        actor=actor,
        facility_id=item.facility_id,
        kind=ProblemKind.OVER_STANDARD,
        description=text,
        source=PROBLEM_SOURCE,
        source_ref=f"filings.result:{result.pk}",
        evidence={
            "article": defaults.ARTICLE_OVER_STANDARD,
            "rule": "自行监测结果超过排污许可证载明的许可排放浓度限值（手工样品按小时均值限值判定，局默认）",
            "result": result.pk,
            "outlet": outlet.code,
            "pollutant": item.pollutant_code,
            "sampled_on": result.sampled_on.isoformat(),
            "value": _num(result.value),
            "limit": _num(limit.value),
            "limit_statistic": limit.statistic,
            "unit": result.unit,
            "laboratory": result.laboratory,
            "sha256": result.sha256,
        },
        found_on=clock.today(),
    )
    result.save(update_fields=["problem_id"])
    audit_record(
        actor=actor,
        action="filings.result.over",
        obj=result,
        after={"problem": result.problem_id, "article": defaults.ARTICLE_OVER_STANDARD},
    )
    notify(
        [*accounts.bureau_officers(), *registry.facility_users(item.facility_id)],
        text,
        _plan_link(item.facility_id),
    )


# --- the nightly watch -------------------------------------------------------------------------------------------


def _in_force(permits: list[registry.PermitRef]) -> tuple[dt.date, dt.date] | None:
    if not permits:
        return None
    return min(p.issued_on for p in permits), max(p.valid_until for p in permits)


def selfmon_watch(today: dt.date | None = None) -> int:
    """Raises a "self-monitoring not carried out" problem (条例 Art. 36(5)) for each sampling period of a manual
    plan line that ended before ``today`` without a result, once per line and period. Looks at this year and the
    last (so December's periods are judged in January). A line counts only while its facility holds a permit
    (``registry.permits_held_in``) and from the line's ``valid_from``. Returns the number of problems raised."""
    today = today or clock.today()
    years = (today.year - 1, today.year)
    items = list(
        MonitoringPlanItem.objects.filter(automatic=False, valid_from__lte=today).select_related(
            "outlet", "facility"
        )
    )
    if not items:
        return 0
    facility_ids = {i.facility_id for i in items}
    permits: dict[tuple[int, int], list[registry.PermitRef]] = defaultdict(list)
    for year in years:
        for p in registry.permits_held_in(year, facility_ids=facility_ids):
            permits[(p.facility_id, year)].append(p)
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for item_id, day in MonitoringResult.objects.filter(
        plan_item__in=[i.pk for i in items], sampled_on__year__gte=years[0]
    ).values_list("plan_item_id", "sampled_on"):
        dates[item_id].append(day)
    raised = 0
    known: dict[int, set[str]] = {}
    for item in items:
        for year in years:
            span = _in_force(permits[(item.facility_id, year)])
            if span is None:
                continue
            missing = plan_rules.missing_periods(
                defaults.table_frequency(item.frequency),
                year,
                dates[item.pk],
                as_of=today,
                in_force_from=max(span[0], item.valid_from),
                in_force_until=span[1],
            )
            if not missing:
                continue
            if item.facility_id not in known:
                known[item.facility_id] = {
                    p.key for p in cases.derived_problems(item.facility_id, source=PROBLEM_SOURCE)
                }
            for period in missing:
                ref = f"filings.selfmon:{item.pk}:{period.start.isoformat()}"
                if ref in known[item.facility_id]:
                    continue
                _raise_missing(item, period, ref, today)
                known[item.facility_id].add(ref)
                raised += 1
    return raised


@transaction.atomic
def _raise_missing(
    item: MonitoringPlanItem, period: plan_rules.PeriodStatus, ref: str, today: dt.date
) -> int:
    name = _pollutant_name(item.outlet_id, item.pollutant_code)
    text = _(
        "%(facility)s %(outlet)s: no self-monitoring result of %(pollutant)s for %(start)s to %(end)s "
        "(%(frequency)s sampling)."
    ) % {
        "facility": item.facility.name,
        "outlet": f"{item.outlet.code} {item.outlet.name}",
        "pollutant": name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "frequency": SamplingFrequency(item.frequency).label,
    }
    problem_id = cases.problem_raise(
        actor=None,
        facility_id=item.facility_id,
        kind=ProblemKind.SELF_MONITORING_MISSING,
        description=text,
        source=PROBLEM_SOURCE,
        source_ref=ref,
        evidence={
            "article": plan_rules.ARTICLE_MISSING,
            "rule": "自行监测方案规定的监测周期结束而无监测结果（未按规定开展自行监测）",
            "plan_item": item.pk,
            "outlet": item.outlet.code,
            "pollutant": item.pollutant_code,
            "frequency": item.frequency,
            "frequency_source": item.source,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
        },
        found_on=today,
    )
    audit_record(
        actor=None,
        action="filings.selfmon.missing",
        obj=item,
        after={
            "problem": problem_id,
            "period_start": period.start,
            "period_end": period.end,
            "article": plan_rules.ARTICLE_MISSING,
        },
    )
    notify(
        [*accounts.bureau_officers(), *registry.facility_users(item.facility_id)],
        text,
        _plan_link(item.facility_id),
    )
    return problem_id


def online_results_record(*, today: dt.date | None = None) -> int:
    """Nightly: last month's online means for every facility with automatic plan lines (once per line and month:
    ``monitoring_results_from_online`` skips what it recorded). Returns how many results were recorded."""
    today = today or clock.today()
    first_of_month = today.replace(day=1)
    start = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    facilities = (
        MonitoringPlanItem.objects.filter(automatic=True).values_list("facility_id", flat=True).distinct()
    )
    return sum(
        len(
            monitoring_results_from_online(
                facility_id=f, start=start, end=first_of_month - dt.timedelta(days=1)
            )
        )
        for f in sorted(set(facilities))
    )
