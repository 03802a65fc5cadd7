"""What other apps may ask of the catalog: classify facilities, and show why a facility is in its class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ecopermit.catalog.selectors import classification_current

CLASS_ZH = {"key": "重点管理", "simplified": "简化管理", "registration": "登记管理", "none": "名录以外"}


@dataclass(frozen=True)
class ClassificationView:
    management_class: str
    permit_scope: str
    deciding: tuple[str, ...]  # the catalog's own words, e.g. 重点管理 — 名录第81类 金属表面处理…：有电镀工序的
    other: tuple[str, ...]
    gate: tuple[str, ...]
    eia_advice: tuple[str, ...]
    edition: str
    classified_at: Any


def _words(d: dict[str, Any]) -> str:
    return f"{CLASS_ZH.get(d['column'], d['column'])} — 名录第{d['row']}类 {d.get('industry', '')}：{d['criterion']}"


def classification_view(facility_id: int) -> ClassificationView | None:
    row = classification_current(facility_id)
    if row is None:
        return None
    return ClassificationView(
        management_class=row.management_class,
        permit_scope=row.permit_scope,
        deciding=tuple(_words(d) for d in row.decisions if d.get("decisive")),
        other=tuple(_words(d) for d in row.decisions if not d.get("decisive")),
        gate=tuple(g.get("reason", "") for g in row.gate),
        eia_advice=tuple(a.get("text", "") for a in row.eia_advice),
        edition=row.edition,
        classified_at=row.classified_at,
    )


def reclassify(*, actor: Any, facility_ids: Iterable[int]) -> int:
    """Classifies the given facilities again (after an import or an edit); returns how many changed."""
    from ecopermit.catalog.services import classification_refresh_many

    return classification_refresh_many(actor=actor, facility_ids=list(facility_ids)).changed


@dataclass(frozen=True)
class ClassificationFacts:
    """The current classification as data: the class, the deciding rows and the gate's reasons (for the rules
    that derive problems, which must name the catalog row that requires a permit)."""

    management_class: str
    edition: str
    deciding: tuple[dict[str, Any], ...]  # {"row", "column", "criterion", "industry", "scope", "words"}
    gate: tuple[dict[str, Any], ...]  # GateReason.to_json()


def classification_facts(facility_id: int) -> ClassificationFacts | None:
    row = classification_current(facility_id)
    if row is None:
        return None
    return ClassificationFacts(
        management_class=row.management_class,
        edition=row.edition,
        deciding=tuple({**d, "words": _words(d)} for d in row.decisions if d.get("decisive")),
        gate=tuple(dict(g) for g in row.gate),
    )
