from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from ecopermit.core.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: str | int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-seq")


def audit_search(
    *,
    action: str = "",
    families: list[str] | None = None,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    outcome: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The events matching every filter given, newest first. ``families`` are code prefixes (``login``, ``case``)."""
    qs = AuditEvent.objects.order_by("-seq")
    if action:
        qs = qs.filter(action=action)
    if families:
        match = Q()
        for prefix in families:
            match |= Q(action__startswith=f"{prefix}.")
        qs = qs.filter(match)
    if username:
        qs = qs.filter(actor_username=username)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    if until is not None:
        qs = qs.filter(created_at__lt=until)
    return qs


def audited_object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="").order_by().values_list("object_type", flat=True).distinct()
    )
