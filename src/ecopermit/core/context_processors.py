from __future__ import annotations

from typing import Any

from ecopermit.core.selectors import current_district


def platform(request: Any) -> dict[str, Any]:
    district = current_district()
    return {"district": district, "demo_mode": bool(district and district.is_demo)}
