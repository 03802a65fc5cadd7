from __future__ import annotations

from typing import Any

from ecopermit.core.selectors import current_district


def platform(request: Any) -> dict[str, Any]:
    district = current_district()
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from ecopermit.core.models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "district": district,
        "demo_mode": bool(district and district.is_demo),
        "unread_notifications": unread,
    }
