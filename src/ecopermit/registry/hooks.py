"""After the inventory changed: hand the changed facilities to the layers above, which the registry never imports.

The callables are named in ``settings.ECOPERMIT_INVENTORY_CHANGED`` (the intake flow derives problems from the
facts, issue 10 §6). They run inside the caller's transaction, so an import and its problems are all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def inventory_changed(*, actor: Any, facility_ids: Iterable[int]) -> None:
    ids = list(facility_ids)
    if not ids:
        return
    for path in getattr(settings, "ECOPERMIT_INVENTORY_CHANGED", ()):
        import_string(path)(actor=actor, facility_ids=ids)
