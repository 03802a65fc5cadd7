"""The staff screens: entry by telephone or hotline, sending to another town, not accepting, the export, photos."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecopermit.complaints import services
from ecopermit.complaints.models import Complaint
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.models import Town

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5b54a0000000049454e44ae426082"
)


def test_a_hotline_transfer_entered_by_the_town(personas, login):  # type: ignore[no-untyped-def]
    c = login(personas["town_chengdong"])
    r = c.post(
        reverse("complaints:new"),
        {
            "channel": "hotline_12345",
            "kind": "noise",
            "place": "城东某小区",
            "town": Town.objects.get(name="城东街道").pk,
            "description": "12345 转办：夜间施工噪声",
            "contact_name": "赵先生",
            "contact_phone": "13700000000",
        },
    )
    complaint = Complaint.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.channel == "hotline_12345" and complaint.entered_by == personas["town_chengdong"]
    assert not complaint.anonymous and complaint.contact_phone == "13700000000"
    assert AuditEvent.objects.filter(action="complaint.file").exists()
    # the officers see the contact details
    assert "13700000000" in c.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()


def test_the_bureau_sends_a_complaint_to_another_town_and_the_town_declines_one(personas, login):  # type: ignore[no-untyped-def]
    complaint = services.complaint_file(
        actor=None, kind="dust", description="料场扬尘严重", town_id=Town.objects.get(name="城东街道").pk
    )
    jintang = Town.objects.get(name="金塘镇")
    c = login(personas["officer"])
    c.post(reverse("complaints:route", args=[complaint.pk]), {"town": jintang.pk})
    complaint.refresh_from_db()
    assert complaint.town == jintang
    assert (
        login(personas["town_chengdong"]).get(reverse("complaints:detail", args=[complaint.pk])).status_code
        == 404
    )
    c = login(personas["town_jintang"])
    assert c.post(reverse("complaints:route", args=[complaint.pk]), {"town": jintang.pk}).status_code == 403
    c.post(reverse("complaints:decline", args=[complaint.pk]), {"reason": "不属于环保部门职责，已转城管"})
    complaint.refresh_from_db()
    assert complaint.status == "declined" and "城管" in complaint.decline_reason


def test_export_and_photo_download_within_scope(personas, login):  # type: ignore[no-untyped-def]
    complaint = services.complaint_file(
        actor=None,
        kind="smoke",
        description="烟囱冒黑烟",
        town_id=Town.objects.get(name="城东街道").pk,
        photos=[("烟.png", PNG)],
    )
    c = login(personas["town_chengdong"])
    r = c.get(reverse("complaints:queue"), {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="complaint.export").exists()
    photo = complaint.photos.get()
    assert b"".join(c.get(reverse("complaints:photo", args=[photo.pk])).streaming_content) == PNG
    other = login(personas["town_jintang"])
    assert other.get(reverse("complaints:photo", args=[photo.pk])).status_code == 404


SENT: list[tuple[str, str]] = []


class FakeSms:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


def test_complainants_with_a_telephone_are_told_by_sms(
    personas, django_capture_on_commit_callbacks, settings
):  # type: ignore[no-untyped-def]
    settings.ECOPERMIT_SMS_SENDER = f"{__name__}.FakeSms"
    SENT.clear()
    town = Town.objects.get(name="城东街道").pk
    lead = services.complaint_file(
        actor=None, kind="odour", description="异味很重", lat=30.02, lon=122.125, town_id=town
    )
    services.complaint_file(
        actor=None,
        kind="odour",
        description="同样闻到异味",
        lat=30.0201,
        lon=122.125,
        anonymous=False,
        contact_name="钱女士",
        contact_phone="13600000000",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_accept(actor=personas["town_chengdong"], complaint=lead)
    assert [p for p, _t in SENT] == ["13600000000"]
