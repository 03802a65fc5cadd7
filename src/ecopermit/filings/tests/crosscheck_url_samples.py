"""Objects the cross-check URLs need in tests/test_every_url.py (``samples(personas, user) -> {url name: pk}``).
The lead's ``filings/tests/url_samples.py`` merges these: ``found.update(crosscheck_url_samples.samples(...))``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ecopermit.core import clock
from ecopermit.filings.models import CrossCheckFinding


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.registry.selectors import facilities_visible

    visible = facilities_visible(scope_of(user)).order_by("pk").first() if user else None
    facility = visible or personas["shipyard"]
    finding, _ = CrossCheckFinding.objects.get_or_create(
        key=f"sample:{facility.pk}",
        defaults={
            "facility": facility,
            "kind": "concentration_max",
            "outlet_code": "DA001",
            "pollutant_code": "a21026",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 12, 31),
            "reported_value": Decimal("0.13"),
            "reported_source": "执行报告 第1版 最大浓度",
            "compared_value": Decimal("0.43"),
            "compared_source": "自行监测结果（1个）",
            "detail": {
                "unit": "mg/m³",
                "source_kind": "self_monitoring",
                "article": "条例第三十七条第（四）项",
            },
            "found_at": clock.now(),
        },
    )
    return {"filings:finding_detail": finding.pk, "filings:finding_decide": finding.pk}
