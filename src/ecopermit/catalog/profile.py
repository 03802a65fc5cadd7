"""The facility profile: what the classification engine knows about one facility (MISSION C1, C2).

:func:`parse_profile` turns the JSON form (``ecopermit classify``, ``registry.facade.facility_profile``) into a
:class:`Profile`, or raises :class:`ProfileError` naming the field that is wrong. The allowed values of every
enumerated field come from the editions' ``profile.schema.json``, so the schema is the one place that lists
them (and says which catalog rows read each one).

Pure Python: no Django import (the command line and the benchmark run it without settings).
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from ecopermit.core.industry import IndustryCodeError, normalize_industry_code

__all__ = [
    "Boiler",
    "Furnace",
    "Location",
    "Profile",
    "ProfileError",
    "Vocabulary",
    "parse_profile",
    "vocabulary",
]

_EMPTY: Mapping[str, Any] = MappingProxyType({})

# 0.7 MW of a hot-water boiler counts as 1 t/h of steam: the catalog writes 20吨/小时（14兆瓦）and 1吨/小时（0.7兆瓦）.
MW_PER_T_PER_H = 0.7


class ProfileError(ValueError):
    """An invalid profile. ``field`` is the path of the offending value (``boilers[0].fuel``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Boiler:
    capacity_t_per_h: float
    fuel: str


@dataclass(frozen=True, slots=True)
class Furnace:
    kind: str
    energy: str


@dataclass(frozen=True, slots=True)
class Location:
    lon: float
    lat: float


@dataclass(frozen=True)
class Profile:
    """One facility as the engine reads it. Build it with :func:`parse_profile`, which normalises and checks
    every field; constructing it directly is for callers that already hold canonical values (industry codes
    as 3 or 4 digits without the section letter, values from the schema's vocabularies).

    Frozen, without ``__slots__`` on purpose: :func:`parse_profile` fills the instance dict in one step
    (``_from_checked``), which a frozen dataclass's ``__init__`` — one ``object.__setattr__`` per field —
    makes three times slower."""

    industry_codes: tuple[str, ...] = ()
    on_key_discharger_list: bool = False
    # None = not reported; the engine then treats the facility as producing in an industrial building.
    in_industrial_building: bool | None = None
    processes: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()
    boilers: tuple[Boiler, ...] = ()
    furnaces: tuple[Furnace, ...] = ()
    water_treatment_t_per_day: float = 0.0
    # Yearly figures, newest year first (None for a year without a figure); a capacity is a 1-tuple.
    quantities: Mapping[str, tuple[float | None, ...]] = _EMPTY
    quantities_eia: Mapping[str, float] = _EMPTY
    quantities_from_eia: frozenset[str] = frozenset()
    operating_years: float | None = None
    annual_emissions_t: Mapping[str, float] = _EMPTY
    max_pollution_equivalents: float = 0.0
    location: Location | None = None
    district: str | None = None
    eliminated: bool = False
    eliminated_items: tuple[str, ...] = ()
    id: str | int | None = None
    name: str | None = None
    ignored_fields: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def _from_checked(cls, values: dict[str, Any]) -> Profile:
        obj = object.__new__(cls)
        object.__setattr__(obj, "__dict__", {**_DEFAULTS, **values})
        return obj


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Profile)}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The values each enumerated field accepts: the union over all editions' profile schemas."""

    processes: frozenset[str]
    products: frozenset[str]
    features: frozenset[str]
    quantities: frozenset[str]
    emissions: frozenset[str]
    fuels: frozenset[str]
    furnace_kinds: frozenset[str]
    furnace_energies: frozenset[str]
    fields: frozenset[str]


def _consts(node: Mapping[str, Any]) -> set[str]:
    if "enum" in node:
        return set(node["enum"])
    return {item["const"] for item in node["anyOf"]}


@cache
def vocabulary() -> Vocabulary:
    from ecopermit.catalog.editions import editions

    sets: dict[str, set[str]] = {k: set() for k in Vocabulary.__dataclass_fields__}
    for e in editions():
        props = e.schema["properties"]
        sets["processes"] |= _consts(props["processes"]["items"])
        sets["products"] |= _consts(props["products"]["items"])
        sets["features"] |= _consts(props["features"]["items"])
        sets["quantities"] |= set(props["quantities"]["properties"])
        sets["emissions"] |= set(props["annual_emissions_t"]["properties"])
        sets["fuels"] |= _consts(props["boilers"]["items"]["properties"]["fuel"])
        sets["furnace_kinds"] |= _consts(props["furnaces"]["items"]["properties"]["kind"])
        sets["furnace_energies"] |= _consts(props["furnaces"]["items"]["properties"]["energy"])
        sets["fields"] |= set(props)
    return Vocabulary(**{k: frozenset(v) for k, v in sets.items()})


# ---- field checks -----------------------------------------------------------------------------------
# Each check has a fast path for the plain JSON types (dict, list, float, int, str) and falls back to the
# general test; profiles are parsed by the hundred thousand (bench/classify.py).
def _number(value: Any, where: str, *, minimum: float | None = 0.0) -> float:
    kind = type(value)
    if kind is float or kind is int:
        number = float(value)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        # bool is an int in Python; true/false for a number is a mistake, not 1/0.
        raise ProfileError(where, f"expected a number, got {_show(value)}")
    else:
        number = float(value)
    if not math.isfinite(number):
        raise ProfileError(where, "expected a finite number")
    if minimum is not None and number < minimum:
        raise ProfileError(where, f"must be at least {minimum:g}, got {number:g}")
    return number


def _bool(value: Any, where: str) -> bool:
    if value is True or value is False:
        return value
    raise ProfileError(where, f"expected true or false, got {_show(value)}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _list(value: Any, where: str) -> list[Any] | tuple[Any, ...]:
    if type(value) is list or isinstance(value, list | tuple):
        return value
    raise ProfileError(where, f"expected a list, got {_show(value)}")


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if type(value) is dict or isinstance(value, Mapping):
        return value
    raise ProfileError(where, f"expected an object, got {_show(value)}")


def _choice(value: Any, allowed: frozenset[str], where: str, what: str) -> str:
    if isinstance(value, str) and value in allowed:
        return value
    if not isinstance(value, str):
        raise ProfileError(where, f"expected a {what} name (text), got {_show(value)}")
    close = difflib.get_close_matches(value, sorted(allowed), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see profile.schema.json for the values"
    raise ProfileError(where, f"unknown {what} {value!r}{hint}")


def _choices(value: Any, allowed: frozenset[str], where: str, what: str) -> frozenset[str]:
    items = _list(value, where)
    try:
        chosen = frozenset(items)
    except TypeError:  # an unhashable item (a list or an object): reported below
        pass
    else:
        if chosen <= allowed:
            return chosen
    for i, v in enumerate(items):
        _choice(v, allowed, f"{where}[{i}]", what)
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=8192)
def _industry_code(raw: str) -> str:
    digits = sum(ch.isdigit() for ch in unicodedata.normalize("NFKC", raw))
    if digits not in (3, 4):
        raise IndustryCodeError(
            f"expected a GB/T 4754-2017 group (中类, 3 digits) or class (小类, 4 digits), section letter optional "
            f"(e.g. C3731), got {raw.strip()!r}"
        )
    return normalize_industry_code(raw)


def _codes(value: Any) -> tuple[str, ...]:
    out = set()
    for i, raw in enumerate(_list(value, "industry_codes")):
        if type(raw) is not str:
            raise ProfileError(
                f"industry_codes[{i}]", f'expected a code as text (e.g. "C3731"), got {_show(raw)}'
            )
        try:
            out.add(_industry_code(raw))
        except IndustryCodeError as e:
            raise ProfileError(f"industry_codes[{i}]", str(e)) from None
    # Sorted, so the order in which industries are listed can never change a result.
    return tuple(sorted(out))


_BOILER_KEYS = frozenset({"capacity_t_per_h", "capacity_mw", "fuel", "id", "name"})
_FURNACE_KEYS = frozenset({"kind", "energy", "id", "name"})


def _boilers(value: Any) -> tuple[Boiler, ...]:
    fuels = vocabulary().fuels
    out = []
    for i, raw in enumerate(_list(value, "boilers")):
        where = f"boilers[{i}]"
        b = _object(raw, where)
        if not _BOILER_KEYS.issuperset(b):
            extra = sorted(set(b) - _BOILER_KEYS)[0]
            raise ProfileError(
                f"{where}.{extra}", "unknown boiler field (capacity_t_per_h or capacity_mw, fuel)"
            )
        if "fuel" not in b:
            raise ProfileError(f"{where}.fuel", "required: " + ", ".join(sorted(fuels)))
        fuel = _choice(b["fuel"], fuels, f"{where}.fuel", "fuel")
        t_per_h, mw = b.get("capacity_t_per_h"), b.get("capacity_mw")
        if (t_per_h is None) == (mw is None):
            raise ProfileError(
                f"{where}.capacity_t_per_h", "give exactly one of capacity_t_per_h or capacity_mw"
            )
        if t_per_h is not None:
            capacity = _number(t_per_h, f"{where}.capacity_t_per_h")
        else:
            # Rounded so that 14 MW is exactly 20 t/h and 0.7 MW exactly 1 t/h at the thresholds.
            capacity = round(_number(mw, f"{where}.capacity_mw") / MW_PER_T_PER_H, 9)
        out.append(Boiler(capacity, fuel))
    return tuple(out)


def _furnaces(value: Any) -> tuple[Furnace, ...]:
    vocab = vocabulary()
    out = []
    for i, raw in enumerate(_list(value, "furnaces")):
        where = f"furnaces[{i}]"
        f = _object(raw, where)
        if not _FURNACE_KEYS.issuperset(f):
            extra = sorted(set(f) - _FURNACE_KEYS)[0]
            raise ProfileError(f"{where}.{extra}", "unknown furnace field (kind, energy)")
        if "energy" not in f:
            raise ProfileError(f"{where}.energy", "required: " + ", ".join(sorted(vocab.furnace_energies)))
        kind = _choice(f.get("kind", "other"), vocab.furnace_kinds, f"{where}.kind", "furnace kind")
        energy = _choice(f["energy"], vocab.furnace_energies, f"{where}.energy", "furnace energy")
        out.append(Furnace(kind, energy))
    return tuple(out)


def _quantities(value: Any) -> Mapping[str, tuple[float | None, ...]]:
    known = vocabulary().quantities
    out: dict[str, tuple[float | None, ...]] = {}
    for key, raw in _object(value, "quantities").items():
        where = f"quantities.{key}"
        if key not in known:
            _choice(key, known, where, "quantity")
        if raw is None:
            continue
        if type(raw) is list or isinstance(raw, tuple):
            years = tuple(None if v is None else _number(v, f"{where}[{i}]") for i, v in enumerate(raw))
            if any(v is not None for v in years):
                out[key] = years
        else:
            out[key] = (_number(raw, where),)
    return MappingProxyType(out)


def _numbers_by_key(value: Any, allowed: frozenset[str], where: str, what: str) -> Mapping[str, float]:
    out = {}
    for key, raw in _object(value, where).items():
        if key not in allowed:
            _choice(key, allowed, f"{where}.{key}", what)
        if raw is not None:
            out[key] = _number(raw, f"{where}.{key}")
    return MappingProxyType(out)


def _location(value: Any) -> Location:
    loc = _object(value, "location")
    if len(loc) != 2 or "lon" not in loc or "lat" not in loc:
        for k in ("lon", "lat"):
            if k not in loc:
                raise ProfileError(f"location.{k}", "required")
        extra = sorted(set(loc) - {"lon", "lat"})[0]
        raise ProfileError(f"location.{extra}", 'unknown field (location is {"lon": …, "lat": …})')
    lon = _number(loc["lon"], "location.lon", minimum=-180.0)
    lat = _number(loc["lat"], "location.lat", minimum=-90.0)
    if lon > 180:
        raise ProfileError("location.lon", f"must be at most 180, got {lon:g}")
    if lat > 90:
        raise ProfileError("location.lat", f"must be at most 90, got {lat:g}")
    return Location(lon, lat)


def _eliminated_items(value: Any) -> tuple[str, ...]:
    from ecopermit.catalog.gate import known_eliminated_ids

    known = known_eliminated_ids()
    items = _list(value, "eliminated_items")
    for i, item in enumerate(items):
        _choice(item, known, f"eliminated_items[{i}]", "eliminate-list entry")
    return tuple(sorted(set(items)))


def _text(value: Any, where: str) -> str:
    if type(value) is not str:
        raise ProfileError(where, f"expected text, got {_show(value)}")
    return value


def _id(value: Any) -> str | int:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ProfileError("id", f"expected text or an integer, got {_show(value)}")
    return value


# field -> the check that turns its JSON value into the Profile's value
_FIELDS: dict[str, Callable[[Any], Any]] = {
    "industry_codes": _codes,
    "on_key_discharger_list": lambda v: _bool(v, "on_key_discharger_list"),
    "in_industrial_building": lambda v: _bool(v, "in_industrial_building"),
    "processes": lambda v: _choices(v, vocabulary().processes, "processes", "process"),
    "products": lambda v: _choices(v, vocabulary().products, "products", "product"),
    "features": lambda v: _choices(v, vocabulary().features, "features", "feature"),
    "boilers": _boilers,
    "furnaces": _furnaces,
    "water_treatment_t_per_day": lambda v: _number(v, "water_treatment_t_per_day"),
    "quantities": _quantities,
    "quantities_eia": lambda v: _numbers_by_key(v, vocabulary().quantities, "quantities_eia", "quantity"),
    "quantities_from_eia": lambda v: _choices(v, vocabulary().quantities, "quantities_from_eia", "quantity"),
    "operating_years": lambda v: _number(v, "operating_years"),
    "annual_emissions_t": lambda v: _numbers_by_key(
        v, vocabulary().emissions, "annual_emissions_t", "pollutant"
    ),
    "max_pollution_equivalents": lambda v: _number(v, "max_pollution_equivalents"),
    "location": _location,
    "district": lambda v: _text(v, "district"),
    "eliminated": lambda v: _bool(v, "eliminated"),
    "eliminated_items": _eliminated_items,
    "id": _id,
    "name": lambda v: _text(v, "name"),
}


def parse_profile(data: Any) -> Profile:
    """Checks and normalises one profile in its JSON form (see ``profile.schema.json``).

    Absent fields take their defaults; ``null`` counts as absent. Unknown top-level fields are kept aside in
    ``ignored_fields`` (a caller may carry its own labels), but an unknown value inside a field is an error,
    because a misspelt process or quantity would otherwise silently change the class.
    """
    if isinstance(data, Profile):
        return data
    if type(data) is not dict and not isinstance(data, Mapping):
        raise ProfileError("(profile)", f"expected a JSON object, got {_show(data)}")
    kw: dict[str, Any] = {}
    ignored: list[str] | None = None
    checks = _FIELDS
    for key, value in data.items():
        check = checks.get(key)
        if check is None:
            if key not in vocabulary().fields:  # a documented field of another edition: not an error either
                ignored = ignored or []
                ignored.append(str(key))
        elif value is not None:
            kw[key] = check(value)
    if ignored:
        kw["ignored_fields"] = tuple(sorted(ignored))
    return Profile._from_checked(kw)
