"""Loading a district's jurisdiction file (towns/streets, parks, departments)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Department, District, Park, Town
from ecopermit.core.types import Actor


def district_file(name_or_path: str) -> dict[str, Any]:
    """Reads a bundled district (``dinghai``) or a JSON file path supplied by another district."""
    path = Path(name_or_path)
    if path.suffix == ".json" and path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        try:
            text = (
                resources.files("ecopermit.core.districts")
                .joinpath(f"{name_or_path}.json")
                .read_text("utf-8")
            )
        except FileNotFoundError as exc:
            raise DomainError(_("No district file named %(name)s") % {"name": name_or_path}) from exc
    data = json.loads(text)
    for key in ("code", "name", "bureau", "centre", "bbox", "towns", "parks", "departments"):
        if key not in data:
            raise DomainError(_("District file lacks the key %(key)s") % {"key": key})
    return data


@transaction.atomic
def district_load(*, actor: Actor, data: dict[str, Any], demo: bool = False) -> District:
    """Creates or updates the district and its places. Safe to run again: matched by code."""
    district, _created = District.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "city": data.get("city", ""),
            "province": data.get("province", ""),
            "bureau": data["bureau"],
            "notice_prefix": data.get("notice_prefix", ""),
            "centre_lat": data["centre"]["lat"],
            "centre_lon": data["centre"]["lon"],
            "min_lat": data["bbox"]["min_lat"],
            "max_lat": data["bbox"]["max_lat"],
            "min_lon": data["bbox"]["min_lon"],
            "max_lon": data["bbox"]["max_lon"],
            "leading_group": data.get("leading_group", {}),
            "is_demo": demo,
        },
    )
    towns = {}
    for t in data["towns"]:
        towns[t["code"]], _c = Town.objects.update_or_create(
            code=t["code"],
            defaults={
                "district": district,
                "name": t["name"],
                "kind": t["kind"],
                "aliases": t.get("aliases", []),
                "lat": t.get("lat"),
                "lon": t.get("lon"),
            },
        )
    for p in data["parks"]:
        Park.objects.update_or_create(
            code=p["code"],
            defaults={
                "district": district,
                "name": p["name"],
                "authority": p.get("authority", ""),
                "town": towns.get(p.get("town")),
                "lat": p.get("lat"),
                "lon": p.get("lon"),
            },
        )
    for d in data["departments"]:
        Department.objects.update_or_create(
            code=d["code"],
            defaults={
                "district": district,
                "name": d["name"],
                "field": d.get("field", ""),
                "is_lead": d.get("lead", False),
            },
        )
    audit_record(
        actor=actor,
        action="district.load",
        obj=district,
        after={
            "towns": len(data["towns"]),
            "parks": len(data["parks"]),
            "departments": len(data["departments"]),
        },
    )
    return district
