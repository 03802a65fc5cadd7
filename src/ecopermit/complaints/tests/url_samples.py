"""Objects for tests/test_every_url.py: a complaint with a photo that the bureau, the 城东 town officer and the
park officer may all see (so allowed roles get 200, not 404)."""

from __future__ import annotations

from typing import Any

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5b54a0000000049454e44ae426082"
)


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.complaints import services
    from ecopermit.complaints.models import Complaint
    from ecopermit.core.models import Park, Town

    complaint = Complaint.objects.filter(place="抽样投诉").first()
    if complaint is None:
        complaint = services.complaint_file(
            actor=None,
            kind="odour",
            description="夜间异味明显",
            place="抽样投诉",
            town_id=Town.objects.get(name="城东街道").pk,
            photos=[("现场.png", PNG)],
        )
        Complaint.objects.filter(pk=complaint.pk).update(park=Park.objects.get(name="定海工业园区"))
    names = ("detail", "accept", "decline", "record_add", "link", "route", "extend", "find", "reply")
    found = {f"complaints:{n}": complaint.pk for n in (*names, "satisfaction", "close")}
    found["complaints:photo"] = complaint.photos.first().pk
    return found
