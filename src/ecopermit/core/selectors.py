from __future__ import annotations

from django.db.models import QuerySet

from ecopermit.core.models import Department, District, Park, Town


def current_district() -> District | None:
    """The installation's district (one per installation; the first loaded)."""
    return District.objects.order_by("pk").first()


def town_list() -> QuerySet[Town]:
    return Town.objects.order_by("code")


def park_list() -> QuerySet[Park]:
    return Park.objects.select_related("town").order_by("code")


def department_list() -> QuerySet[Department]:
    return Department.objects.order_by("code")


def lead_department() -> Department | None:
    """The department that leads the programme (plan 三(一): 由区生态环境部门牵头; ``"lead": true`` in the district
    file). It pushes every problem for which no other department was named."""
    return Department.objects.filter(is_lead=True).order_by("code").first()


def district_basemap(district: District | None) -> bytes | None:
    """The district's basemap as GeoJSON (land and islands, for the maps; no tile server): the file named by
    ``settings.ECOPERMIT_BASEMAP_FILE`` (a district's own data), else the bundled ``basemaps/<division code>.geojson``
    (cut by tools/cut_basemap.py), else None."""
    from importlib import resources
    from pathlib import Path

    from django.conf import settings

    own = getattr(settings, "ECOPERMIT_BASEMAP_FILE", "")
    if own:
        return Path(own).read_bytes()
    if district is None:
        return None
    try:
        return (
            resources.files("ecopermit.core.districts")
            .joinpath("basemaps", f"{district.code}.geojson")
            .read_bytes()
        )
    except FileNotFoundError:
        return None
