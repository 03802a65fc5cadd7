"""Objects the every-URL walk needs for the portal's pages (tests/test_every_url.py): a facility in operation."""

from __future__ import annotations

from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    facility = personas["shipyard"]
    return {"portal:facility": facility.pk, "portal:api_facility": facility.pk}
