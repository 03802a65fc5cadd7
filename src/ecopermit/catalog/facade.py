"""What other apps may ask of the catalog: classify facilities, and show why a facility is in its class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ecopermit.catalog.selectors import classification_current
from ecopermit.core.types import Actor

CLASS_ZH = {"key": "重点管理", "simplified": "简化管理", "registration": "登记管理", "none": "名录以外"}


@dataclass(frozen=True)
class ClassificationView:
    management_class: str
    permit_scope: str
    deciding: tuple[
        str, ...
    ]  # the catalog's own words, e.g. 重点管理 — 名录第81类 金属表面处理…：有电镀工序的
    other: tuple[str, ...]
    gate: tuple[str, ...]
    eia_advice: tuple[str, ...]
    edition: str
    classified_at: Any
    key_list_note: str = ""


# 名录 Art. 7: the key-discharger list makes a facility 重点管理 only in row 108 (through Art. 7) and in the rows
# whose own key-management cell names the list — not in every row. The engine follows this; the page says so.
KEY_LIST_WORDS = "重点排污单位名录"


def key_list_note(profile: dict[str, Any], decisions: list[dict[str, Any]]) -> str:
    """Why being on the key-discharger list did or did not make the facility 重点管理 (empty when not on it)."""
    if not profile.get("on_key_discharger_list"):
        return ""
    decisive = [d for d in decisions if d.get("decisive")]
    by_list = [
        d
        for d in decisive
        if d.get("column") == "key" and (KEY_LIST_WORDS in str(d.get("criterion", "")) or d.get("row") == 108)
    ]
    rows = "、".join(sorted({str(d["row"]) for d in decisive}, key=int)) or "—"
    if by_list:
        named = "、".join(sorted({str(d["row"]) for d in by_list}, key=int))
        return (
            f"本单位列入重点排污单位名录：名录第{named}类将其列为重点管理（第108类依名录第七条；其他类别在重点管理一栏"
            "明文写入“纳入重点排污单位名录的”）。"
        )
    return (
        f"本单位列入重点排污单位名录，但所属名录第{rows}类的重点管理一栏未写入“纳入重点排污单位名录的”，也不属第108类："
        "依名录第七条，重点排污单位名录只对第108类和明文写入该条件的类别决定重点管理，并非对所有类别适用，"
        "因此本单位不因列入该名录而按重点管理。"
    )


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
        key_list_note=key_list_note(row.profile, row.decisions),
    )


def reclassify(*, actor: Actor, facility_ids: Iterable[int]) -> int:
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


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    """The ``facility_page`` hook (core/hooks.py): the facility's current classification."""
    return {"classification": classification_view(facility.pk)}
