"""Reads of survey import batches. Batches are district-wide records of the bureau: no per-town scoping."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ecopermit.registry.models import ImportBatch

RECENT_BATCHES = 100


def import_batch_list() -> QuerySet[ImportBatch]:
    """The most recent batches, newest first, without the stored files."""
    return (
        ImportBatch.objects.select_related("uploaded_by")
        .defer("content")
        .order_by("-uploaded_at", "-pk")[:RECENT_BATCHES]
    )


def import_batch_get(pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.select_related("uploaded_by").defer("content"), pk=pk)
