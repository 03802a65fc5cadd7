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
