"""After the inventory changed: hand the changed facilities to the layers above, which the registry never imports
(``inventory_changed`` in core/hooks.py; the intake flow classifies them again and derives their problems). They
run inside the caller's transaction, so an import and its classification and problems are all or nothing."""

from __future__ import annotations

from collections.abc import Iterable

from ecopermit.core import hooks
from ecopermit.core.types import Actor


def inventory_changed(*, actor: Actor, facility_ids: Iterable[int]) -> None:
    ids = list(facility_ids)
    if ids:
        hooks.fire("inventory_changed", actor=actor, facility_ids=ids)
