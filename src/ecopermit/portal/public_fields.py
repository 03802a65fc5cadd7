"""The one list of what may be public, per kind of record (issue 14: "nothing non-public leaks").

Every row the portal hands out — a page's table, a CSV or XLSX download, the read API, a feed — is built by
``public_row`` from these lists and holds these keys and no others. A field not listed here is not public:
the legal representative, contact persons and their phones, the inspectors and the enterprise's representative at
an inspection, free-text descriptions and internal notes, review comments, evidence and document file names.
``NEVER_PUBLIC`` names those source fields, so a test can check that no list here ever adds one.

Each entry is (key, English header as a msgid). The headers are the downloads' column headers (translated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

PUBLIC_FIELDS: dict[str, tuple[tuple[str, Any], ...]] = {
    # 排污单位: who, where, what, the paperwork's state and the credit level. The company's address is public
    # (it is on the business licence); the people are not.
    "facility": (
        ("id", _("Record number")),
        ("name", _("Facility")),
        ("credit_code", _("Unified social credit code")),
        ("town", _("Town/street")),
        ("industry_code", _("Industry code")),
        ("industry", _("Industry")),
        ("address", _("Address")),
        ("management_class", _("Management class")),
        ("permit_status", _("Permit status")),
        ("credit_level", _("Environmental credit level")),
        ("lat", _("Latitude")),
        ("lon", _("Longitude")),
    ),
    # 双随机、一公开: the result and the kinds of problem found (labels), never the inspectors, the enterprise's
    # representative, the summary or the evidence.
    "inspection": (
        ("number", _("Inspection number")),
        ("facility_id", _("Record number")),
        ("facility", _("Facility")),
        ("credit_code", _("Unified social credit code")),
        ("town", _("Town/street")),
        ("kind", _("Kind")),
        ("inspected_on", _("Inspected on")),
        ("outcome", _("Inspection result")),
        ("finding_kinds", _("Problems found")),
        ("published_on", _("Published on")),
    ),
    # 行政处罚决定 in the published form (行政处罚法 Art. 48): the unit, the violation, the article, the amount.
    "penalty": (
        ("decision_number", _("Decision number")),
        ("facility_id", _("Record number")),
        ("facility", _("Facility")),
        ("credit_code", _("Unified social credit code")),
        ("town", _("Town/street")),
        ("violation", _("Violation")),
        ("article", _("Legal basis")),
        ("amount", _("Fine (yuan)")),
        ("decided_on", _("Decided on")),
        ("executed", _("Executed")),
    ),
    # 整改通知: the notice, its deadline, the kinds of problem (labels) and the case's status.
    "rectification": (
        ("notice_number", _("Notice number")),
        ("facility_id", _("Record number")),
        ("facility", _("Facility")),
        ("credit_code", _("Unified social credit code")),
        ("town", _("Town/street")),
        ("issued_on", _("Issued on")),
        ("deadline", _("Rectification deadline")),
        ("status", _("Status")),
        ("problem_kinds", _("Problems")),
    ),
}

#: Source fields that are never public, whatever a list above says (checked by the tests).
NEVER_PUBLIC = frozenset(
    {
        "legal_representative",
        "contact_name",
        "contact_phone",
        "representative",
        "representative_title",
        "inspector1",
        "inspector2",
        "summary",
        "description",
        "required_action",
        "note",
        "notes",
        "evidence",
        "file",
        "original_name",
        "review_comment",
        "reported_by",
        "officer",
        "facts",
    }
)


def keys(kind: str) -> tuple[str, ...]:
    return tuple(k for k, _label in PUBLIC_FIELDS[kind])


def public_row(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The row of one record of ``kind`` with exactly its public keys (a missing value is None)."""
    return {k: values.get(k) for k in keys(kind)}
