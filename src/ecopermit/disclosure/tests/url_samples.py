"""Objects the every-URL walk needs for the disclosure pages (tests/test_every_url.py): on a facility the user
may see, so that each role allowed in gets the page, and published, so that the public pages answer."""

from __future__ import annotations

import datetime as dt
from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.core import clock
    from ecopermit.disclosure.models import (
        Booking,
        DisclosureItem,
        DisclosureVersion,
        ErrorReport,
        Notice,
        OpenDay,
    )
    from ecopermit.registry.selectors import facilities_visible

    facility = (facilities_visible(scope_of(user)).order_by("pk").first() if user else None) or personas[
        "shipyard"
    ]
    now = clock.now()
    officer = personas["officer"]
    notice = Notice.objects.filter(status="published").first() or Notice.objects.create(
        kind="notice",
        title="样例公告",
        body="<p>样例</p>",
        status="published",
        published_at=now,
        author=officer,
        created_at=now,
        updated_at=now,
    )
    item, _created = DisclosureItem.objects.get_or_create(
        facility=facility, kind="plan", defaults={"created_at": now}
    )
    version = item.versions.first()
    if version is None:
        version = DisclosureVersion(
            item=item,
            version=1,
            title="样例方案",
            text="样例",
            statement="样例声明",
            statement_at=now,
            published_at=now,
            published_by=officer,
            content_type="application/pdf",
        )
        from ecopermit.core import evidence

        version.sha256 = evidence.store(version.file, b"%PDF-1.4 sample", suffix=".pdf")
        version.original_name = "sample.pdf"
        version.save()
    day = OpenDay.objects.filter(facility=facility).first() or OpenDay.objects.create(
        facility=facility,
        title="样例开放日",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=2),
        place="样例地点",
        capacity=10,
        created_by=officer,
        created_at=now,
    )
    booking = day.bookings.first() or Booking.objects.create(
        open_day=day,
        number=f"KF{now.year}-S{day.pk:04d}",
        check_code="ABCDEF",
        name="样例",
        phone="13800000000",
        party_size=1,
        created_at=now,
    )
    report = ErrorReport.objects.filter(facility=facility).first() or ErrorReport.objects.create(
        number=f"JW{now.year}-S{facility.pk:04d}",
        check_code="ABCDEF",
        record_kind="facility",
        facility=facility,
        what_is_wrong="样例",
        received_at=now,
    )
    return {
        "disclosure:notice_edit": notice.pk,
        "disclosure:notice_move": notice.pk,
        "disclosure:item_detail": item.pk,
        "disclosure:version_take_down": version.pk,
        "disclosure:openday_detail": day.pk,
        "disclosure:openday_cancel": day.pk,
        "disclosure:report_detail": report.pk,
        "disclosure_public:notice_detail": notice.pk,
        "disclosure_public:facility_disclosures": facility.pk,
        "disclosure_public:item_history": item.pk,
        "disclosure_public:version_file": version.pk,
        "disclosure_public:openday_detail": day.pk,
        "disclosure_public:booking_detail": f"{booking.number}-{booking.check_code}",
        "disclosure_public:receipt": report.receipt,
    }
