"""Pure rules of complaints (信访投诉, MISSION G1): the deadlines of the 信访 regulation, what counts as the same
complaint, routing by distance, the public form's rate limit and the hot-spot grid. No database here (DESIGN rule 4);
every figure is data with its source, so a district can change it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

# --- Deadlines (《信访工作条例》, 中共中央、国务院 2022年印发, 2022-05-01 施行) ------------------------------------

#: 受理告知: the body with the power to handle a complaint decides within 15 days of receiving it whether it
#: accepts it, and tells the complainant (条例 第四章 信访事项的办理: "自收到之日起15日内决定是否受理并书面告知信访人").
ACK_DAYS = 15
#: 办理: an accepted complaint is concluded (处理意见 given to the complainant) within 60 days of acceptance
#: ("应当自受理之日起60日内办结").
HANDLE_DAYS = 60
#: 延期: a complicated one may be extended once, by at most 30 days, with the head of the body's approval and the
#: reason told to the complainant ("情况复杂的…可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由").
EXTENSION_DAYS = 30
#: The 条例 counts these periods in days (日), not working days: calendar days, the day of receipt not counted.
#: Reminders go to whoever holds the complaint this many days before a deadline (project default).
REMIND_DAYS_BEFORE = 3

SOURCES: dict[str, str] = {
    "ack": "《信访工作条例》（2022年）：有权处理的机关、单位应当自收到信访事项之日起15日内决定是否受理并告知信访人",
    "handle": "《信访工作条例》（2022年）：信访事项应当自受理之日起60日内办结",
    "extension": "《信访工作条例》（2022年）：情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，"
    "但延长期限不得超过30日，并告知信访人延期理由",
    "remind": "到期前3日提醒承办人（本项目默认值）",
    "duplicate": "同一地点（300米内）、同一类型、7日内的投诉合并为一组，按一件办理、一并答复（本项目默认值）",
    "routing": "由属地镇（街）、功能区负责调处（试点实施方案）；镇街只有中心点坐标，按就近原则确定",
}

#: The statuses in which each deadline runs (the values of vocab.Status; kept as plain strings: no Django here).
ACK_PHASE = frozenset({"received"})
HANDLE_PHASE = frozenset({"accepted", "found"})


def ack_due(received: dt.date) -> dt.date:
    """The last day to decide on acceptance and tell the complainant: 15 days after receipt."""
    return received + dt.timedelta(days=ACK_DAYS)


def handle_due(accepted: dt.date, *, extended: bool = False) -> dt.date:
    """The last day to conclude: 60 days after acceptance, 90 when extended once."""
    return accepted + dt.timedelta(days=HANDLE_DAYS + (EXTENSION_DAYS if extended else 0))


def may_extend(*, accepted: dt.date | None, extended: bool, today: dt.date) -> bool:
    """An extension is granted once, for an accepted complaint, before its 60 days have run out (an extension
    after the deadline would only hide the delay)."""
    return accepted is not None and not extended and today <= handle_due(accepted)


@dataclass(frozen=True)
class DueState:
    """Which deadline runs for a complaint today and how it stands."""

    phase: str  # "ack", "handle" or "" (none runs: declined, replied, closed)
    due: dt.date | None
    days_left: int | None
    overdue: bool
    due_soon: bool


NO_DEADLINE = DueState("", None, None, False, False)


def due_state(
    *, status: str, received: dt.date, accepted: dt.date | None, extended: bool, today: dt.date
) -> DueState:
    if status in ACK_PHASE:
        phase, due = "ack", ack_due(received)
    elif status in HANDLE_PHASE and accepted is not None:
        phase, due = "handle", handle_due(accepted, extended=extended)
    else:
        return NO_DEADLINE
    left = (due - today).days
    return DueState(phase, due, left, left < 0, 0 <= left <= REMIND_DAYS_BEFORE)


# --- Distances, routing, suggestions ---------------------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8

#: A registered facility this close to the place gives the town/street (its recorded town comes from its address,
#: which is better evidence of the boundary than the distance to a town centre). Project default.
FACILITY_ROUTING_RADIUS_M = 500.0
#: Facilities suggested for linking: within this distance of the place, nearest first, at most this many.
SUGGEST_RADIUS_M = 1500.0
SUGGEST_LIMIT = 8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Point:
    id: int
    lat: float
    lon: float


def nearby(lat: float, lon: float, points: Iterable[Point], radius_m: float) -> list[tuple[Point, float]]:
    """The points within ``radius_m`` of (lat, lon) with their distances, nearest first (ties by id)."""
    found = [(p, distance_m(lat, lon, p.lat, p.lon)) for p in points]
    return sorted(((p, d) for p, d in found if d <= radius_m), key=lambda pd: (pd[1], pd[0].id))


def nearest(lat: float, lon: float, points: Iterable[Point]) -> tuple[Point, float] | None:
    found = nearby(lat, lon, points, math.inf)
    return found[0] if found else None


def suggestions(lat: float, lon: float, facilities: Iterable[Point]) -> list[tuple[Point, float]]:
    return nearby(lat, lon, facilities, SUGGEST_RADIUS_M)[:SUGGEST_LIMIT]


@dataclass(frozen=True)
class Route:
    town_id: int | None
    park_id: int | None
    via: str  # "facility" (the nearby facility's town), "centre" (the nearest town centre), "" (no place)
    facility_id: int | None = None
    distance_m: float | None = None


@dataclass(frozen=True)
class FacilityPlace:
    id: int
    lat: float
    lon: float
    town_id: int
    park_id: int | None


def route(
    lat: float | None, lon: float | None, *, facilities: Iterable[FacilityPlace], towns: Iterable[Point]
) -> Route:
    """The town/street (and park) responsible for a place (属地): the town and park of a registered facility
    within ``FACILITY_ROUTING_RADIUS_M``; else the town whose centre is nearest (the district file has only the
    centre points of towns, not their boundaries)."""
    if lat is None or lon is None:
        return Route(None, None, "")
    places = list(facilities)
    close = nearby(lat, lon, (Point(f.id, f.lat, f.lon) for f in places), FACILITY_ROUTING_RADIUS_M)
    if close:
        point, dist = close[0]
        f = next(f for f in places if f.id == point.id)
        return Route(f.town_id, f.park_id, "facility", f.id, dist)
    centre = nearest(lat, lon, towns)
    if centre is None:
        return Route(None, None, "")
    return Route(centre[0].id, None, "centre", None, centre[1])


# --- Duplicates ------------------------------------------------------------------------------------------------

#: Complaints of the same kind about the same place within this distance and period are one matter (project
#: default): the group counts once and every complainant in it gets the reply.
DUPLICATE_RADIUS_M = 300.0
DUPLICATE_DAYS = 7


@dataclass(frozen=True)
class Sighting:
    id: int
    kind: str
    lat: float | None
    lon: float | None
    on: dt.date


def duplicate_of(new: Sighting, earlier: Iterable[Sighting]) -> int | None:
    """The id of the open group (its first complaint) ``new`` belongs to: the same kind, within the radius and
    within the period before it; the nearest wins, then the oldest. None when it starts a group of its own (a
    place without coordinates never joins automatically)."""
    if new.lat is None or new.lon is None:
        return None
    best: tuple[float, int] | None = None
    for s in earlier:
        if s.id == new.id or s.kind != new.kind or s.lat is None or s.lon is None:
            continue
        if not 0 <= (new.on - s.on).days <= DUPLICATE_DAYS:
            continue
        d = distance_m(new.lat, new.lon, s.lat, s.lon)
        if d <= DUPLICATE_RADIUS_M and (best is None or (d, s.id) < best):
            best = (d, s.id)
    return best[1] if best else None


# --- The public form -------------------------------------------------------------------------------------------

#: The shortest description accepted (four characters say something in Chinese: "油漆异味").
MIN_DESCRIPTION = 4
#: At most this many complaints from one network address per window (a flood is refused, not queued).
RATE_LIMIT = 5
RATE_WINDOW_MINUTES = 60
#: Photos: at most this many, each at most this large, JPEG or PNG only (core/evidence.py sniffs the bytes).
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
#: Check codes: no 0/O, 1/I/L, so they read over the phone.
CHECK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_LENGTH = 6


def over_rate_limit(recent: int) -> bool:
    """True when ``recent`` complaints already came from the address in the window."""
    return recent >= RATE_LIMIT


# --- Hot spots -------------------------------------------------------------------------------------------------

#: Places are grouped on a grid of about this size for the hot-spot list and map.
HOTSPOT_CELL_M = 300.0
_M_PER_DEG_LAT = 111_320.0


def cell(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the grid cell (about ``HOTSPOT_CELL_M`` square) containing the point."""
    step_lat = HOTSPOT_CELL_M / _M_PER_DEG_LAT
    clat = (math.floor(lat / step_lat) + 0.5) * step_lat
    # The width of a degree of longitude at the cell's centre row, so every point of a row shares one grid.
    step_lon = HOTSPOT_CELL_M / (_M_PER_DEG_LAT * max(0.01, math.cos(math.radians(clat))))
    clon = (math.floor(lon / step_lon) + 0.5) * step_lon
    return round(clat, 6), round(clon, 6)
