from __future__ import annotations

from django.db.models import QuerySet

from ecopermit.core.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: str | int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-seq")


def audit_search(*, action: str = "", username: str = "", object_type: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.order_by("-seq")
    if action:
        qs = qs.filter(action__startswith=action)
    if username:
        qs = qs.filter(actor_username=username)
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs
