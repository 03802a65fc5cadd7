"""Extension points: a lower app asks, the apps above answer, and no app imports one above it (issue 12).

Each point is named here with what it is for and how it is called; ``settings.ECOPERMIT_HOOKS`` lists, per point,
the dotted paths of the functions that answer it (so the whole wiring is read in one place, and a district or a
test can change it). They run in the caller's transaction, in the order listed.

- ``inventory_changed(actor, facility_ids)``: facilities changed (a survey import, an officer's edit); the catalog
  classifies them again and the intake flow derives their problems (C1, P1). Work flow: ``flows``.
- ``classification_changed(actor, facility_ids)``: the classification changed without the facts changing (new
  protection zones); problems are derived again.
- ``facility_page(request, facility) -> dict``: what the apps above the registry show on a facility's page (its
  classification, its case, the form to record a problem).
- ``account_page(request, account) -> dict``: what the apps above accounts show on an account's page (the
  facilities an enterprise or agency account is bound to).
- ``case_referred(actor, case_id, facility_id) -> int``: a rectification case was referred for penalty (四罚); the
  enforcement app files the penalty case in the same transaction and returns its id (E3).
- ``case_page(request, case) -> dict``: what the apps above cases show on a rectification case's page (the
  penalty cases it was referred to).
- ``upload_allowed(actor) -> str | None``: may this actor upload a file now? ``None`` for yes, else why not (a
  third-party agency suspended from the district, 区域停业整改, issue 15 S7: ``assistance``). The apps' upload
  services call :func:`refuse_upload` first.
- ``complaint_counts(since) -> dict[int, int]``: per facility, the upheld complaints found since that date (a group
  of complaints about one matter counts once); the inspection pool makes frequently complained-of facilities
  special-supervision objects (G1).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from ecopermit.core.errors import DomainError

POINTS = frozenset(
    {
        "inventory_changed",
        "classification_changed",
        "facility_page",
        "account_page",
        "case_referred",
        "case_page",
        "upload_allowed",
        "complaint_counts",
    }
)


@cache
def _answers(point: str, paths: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    return tuple(import_string(p) for p in paths)


def answers(point: str) -> tuple[Callable[..., Any], ...]:
    if point not in POINTS:
        raise KeyError(f"unknown hook point {point!r} (core/hooks.py names them)")
    return _answers(point, tuple(getattr(settings, "ECOPERMIT_HOOKS", {}).get(point, ())))


def fire(point: str, **kwargs: Any) -> list[Any]:
    """Calls every answer of ``point`` with ``kwargs``; their results, in order."""
    return [answer(**kwargs) for answer in answers(point)]


def context(point: str, **kwargs: Any) -> dict[str, Any]:
    """For the page points: the answers' dicts merged."""
    merged: dict[str, Any] = {}
    for part in fire(point, **kwargs):
        merged.update(part)
    return merged


def refuse_upload(actor: Any) -> None:
    """``DomainError`` with the first answer of ``upload_allowed`` that refuses ``actor``'s upload."""
    for reason in fire("upload_allowed", actor=actor):
        if reason:
            raise DomainError(str(reason), field="file", code="forbidden")
