"""Reads of online monitoring, always through the actor's scope (404 outside it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ecopermit.accounts.scope import Scope
from ecopermit.core import clock
from ecopermit.monitoring.judge import SHANGHAI
from ecopermit.monitoring.models import Datalogger, Reading, ReadingKind
from ecopermit.monitoring.models_alarms import Alarm, Declaration, PenaltyProposal, PowerMeter
from ecopermit.registry import facade as registry


def chart_time(moment: dt.datetime) -> str:
    """Beijing wall-clock time without an offset: the charts read it as it is, whatever the browser's zone."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M:%S")


def alarms_visible(scope: Scope) -> QuerySet[Alarm]:
    return Alarm.objects.filter(facility_id__in=registry.visible_facility_ids(scope))


def alarm_list(
    scope: Scope,
    *,
    town: int | None = None,
    facility: int | None = None,
    pollutant: str = "",
    status: str = "",
    kind: str = "",
) -> QuerySet[Alarm]:
    qs = alarms_visible(scope).select_related("facility", "facility__town", "outlet", "meter")
    if town:
        qs = qs.filter(facility__town_id=town)
    if facility:
        qs = qs.filter(facility_id=facility)
    if pollutant:
        qs = qs.filter(pollutant=pollutant)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-period_start", "-pk")


def alarm_get(scope: Scope, pk: int) -> Alarm:
    alarm = (
        alarms_visible(scope)
        .select_related("facility", "facility__town", "outlet", "meter", "declaration")
        .filter(pk=pk)
        .first()
    )
    if alarm is None:
        raise Http404
    return alarm


def alarm_episode(alarm: Alarm) -> QuerySet[Alarm]:
    """The alarms of the same episode (consecutive exceeding periods), oldest first."""
    return Alarm.objects.filter(
        kind=alarm.kind,
        outlet=alarm.outlet_id,  # None (a meter's alarm) is IS NULL
        meter_id=alarm.meter_id,
        pollutant=alarm.pollutant,
        statistic=alarm.statistic,
        episode_start=alarm.episode_start,
    ).order_by("period_start")


def alarm_penalty_proposal(alarm: Alarm) -> PenaltyProposal | None:
    """The penalty proposal of the alarm's episode (P7: raised with the episode's problem), if any."""
    if alarm.problem_id is None:
        return None
    return PenaltyProposal.objects.filter(problem_id=alarm.problem_id).order_by("pk").first()


def alarm_pollutants(scope: Scope) -> list[str]:
    return sorted(
        set(alarms_visible(scope).exclude(pollutant="").values_list("pollutant", flat=True).distinct())
    )


def declarations_visible(scope: Scope) -> QuerySet[Declaration]:
    return Declaration.objects.filter(facility_id__in=registry.visible_facility_ids(scope)).select_related(
        "facility", "facility__town", "outlet", "submitted_by", "decided_by"
    )


def declaration_get(scope: Scope, pk: int) -> Declaration:
    found = declarations_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class DeviceRow:
    logger: Datalogger
    online: bool
    silent_for: dt.timedelta | None


def device_list(
    scope: Scope, *, now: dt.datetime | None = None, q: str = "", state: str = ""
) -> list[DeviceRow]:
    """Data loggers with their state: online when the last frame came within twice the expected interval.
    ``q`` finds an MN, facility or outlet; ``state`` keeps only "online", "offline" or "inactive" loggers."""
    now = now or clock.now()
    loggers = (
        Datalogger.objects.filter(facility_id__in=registry.visible_facility_ids(scope))
        .select_related("facility", "facility__town", "outlet")
        .order_by("facility__name", "mn")
    )
    if q:
        loggers = loggers.filter(
            Q(mn__icontains=q)
            | Q(facility__name__icontains=q)
            | Q(outlet__code__icontains=q)
            | Q(outlet__name__icontains=q)
        )
    rows = []
    for logger in loggers:
        limit = dt.timedelta(minutes=2 * logger.expected_interval_minutes)
        seen = logger.last_seen_at
        online = bool(logger.active and seen is not None and now - seen <= limit)
        rows.append(DeviceRow(logger, online, now - seen if seen else None))
    if state:
        rows = [r for r in rows if device_state(r) == state]
    return rows


def device_state(row: DeviceRow) -> str:
    """ "online", "inactive" (switched off by an officer) or "offline" (active, but silent too long)."""
    if row.online:
        return "online"
    return "offline" if row.logger.active else "inactive"


def facility_outlets(facility: Any) -> QuerySet[Any]:
    return facility.outlets.order_by("code")


def chart_series(outlet_ids: list[int], start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Hourly values of each outlet and pollutant with a limit, for ECharts: per series the points
    ``[iso time, value, flag]`` and the limit lines (upper and, for pH, lower) valid over the range."""
    from ecopermit.monitoring.evaluation import hourly_values, judge_limits

    limits = registry.outlet_limits(outlet_ids)
    refs = registry.outlet_refs(outlet_ids)
    by_series: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for ref in limits:
        by_series[(ref.outlet_id, ref.pollutant_code)].append(ref)
    rows: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for outlet_id, pollutant, kind, time, value, flag in Reading.objects.filter(
        outlet_id__in=outlet_ids,
        kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE),
        time__gte=start,
        time__lt=end,
        pollutant__in={p for _o, p in by_series},
    ).values_list("outlet_id", "pollutant", "kind", "time", "value", "flag"):
        rows[(outlet_id, pollutant)].append((kind, time, value, flag))
    series = []
    for (outlet_id, pollutant), refs_ in sorted(by_series.items()):
        hourly_rows = {r[1]: r for r in rows[(outlet_id, pollutant)] if r[0] == ReadingKind.HOUR}
        judged = hourly_values(
            rows[(outlet_id, pollutant)], pollutant, start, end, water=refs[outlet_id].medium == "water"
        )
        points = []
        for avg in judged:
            sent = hourly_rows.get(avg.period_start)
            if sent is not None and sent[2] is not None:
                points.append([chart_time(avg.period_start), round(sent[2], 4), sent[3] or "N"])
            elif avg.result.valid_count or avg.mean is not None:
                flag = "N" if avg.valid else "D"
                points.append(
                    [chart_time(avg.period_start), float(round(avg.mean, 4)) if avg.mean else None, flag]
                )
        hourly_limits = [lim for lim in judge_limits(refs_) if lim.statistic == "hourly"]
        series.append(
            {
                "outlet": f"{refs[outlet_id].code} {refs[outlet_id].name}",
                "pollutant": pollutant,
                "name": refs_[0].pollutant_name,
                "unit": refs_[0].unit,
                "points": points,
                "limits": [
                    {
                        "kind": lim.kind,
                        "value": float(lim.value),
                        "from": lim.valid_from.isoformat(),
                        "to": lim.valid_to.isoformat() if lim.valid_to else None,
                    }
                    for lim in hourly_limits
                ],
            }
        )
    return {"series": series}


def meters_of(facility_id: int) -> QuerySet[PowerMeter]:
    return (
        PowerMeter.objects.filter(facility_id=facility_id).select_related("outlet").order_by("role", "name")
    )


def power_series(facility_id: int, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    from ecopermit.monitoring.services import _meters_points

    meters = list(meters_of(facility_id))
    by_meter = _meters_points(meters, start, end)
    out = []
    for meter in meters:
        points = sorted(by_meter[meter.pk], key=lambda p: p.time)
        out.append(
            {
                "name": meter.name,
                "role": meter.role,
                "threshold": meter.threshold_kw,
                "points": [[chart_time(p.time), p.kw] for p in points],
            }
        )
    return out
