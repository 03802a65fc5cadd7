"""One numbering for every app (issue 12) and references where ids stood (issue 11 item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from ecopermit.core import numbering
from ecopermit.core.models import Counter


def test_document_numbers_follow_the_official_form():
    assert numbering.document_number("舟定环整", 2026, 12) == "舟定环整〔2026〕第12号"
    with pytest.raises(ValueError):
        numbering.document_number("舟定环整", 2026, 0)


@pytest.mark.parametrize(
    ("series", "seq", "expected"),
    [
        ("case", 37, "ZG2026-0037"),
        ("inspection", 7, "JC2026-0007"),
        ("alarm", 1, "BJ2026-000001"),
        ("case", 12345, "ZG2026-12345"),  # a year with more cases than digits only gets longer
    ],
)
def test_references(series, seq, expected):
    assert numbering.reference(series, 2026, seq) == expected


@pytest.mark.django_db(transaction=True)
def test_sequences_run_per_series_prefix_and_year_and_a_rolled_back_number_is_given_back():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        numbering.next_reference("case", 2026)  # outside a transaction the lock would not hold
    with transaction.atomic():
        assert [numbering.next_reference("case", 2026) for _ in range(3)] == [
            "ZG2026-0001",
            "ZG2026-0002",
            "ZG2026-0003",
        ]
        assert numbering.next_reference("case", 2027) == "ZG2027-0001"
        assert numbering.next_reference("inspection", 2026) == "JC2026-0001"
        assert numbering.next_document_number("cases.notice", "舟定环整", 2026) == "舟定环整〔2026〕第1号"
        assert numbering.next_document_number("cases.notice", "舟定环请", 2026) == "舟定环请〔2026〕第1号"
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.next_reference("case", 2026)
        raise RuntimeError("the write failed")
    with transaction.atomic():
        assert numbering.next_reference("case", 2026) == "ZG2026-0004"


@pytest.mark.django_db
def test_the_backfill_numbers_existing_rows_per_year_in_order_and_continues_the_counter(personas):
    """The migrations' backfill, on today's models: rows made in 2025 and 2026 get their year's numbers in the
    order they were made, and the next new number follows the last one."""
    from ecopermit.cases.models import RectificationCase

    made = []
    for facility, opened in (
        (personas["shipyard"], dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
        (personas["fish"], dt.datetime(2025, 11, 1, tzinfo=dt.UTC)),
        (personas["foundry"], dt.datetime(2026, 1, 5, tzinfo=dt.UTC)),
    ):
        made.append(RectificationCase.objects.create(facility=facility, opened_at=opened))
    Counter.objects.create(series="case", prefix="", year=2026, last=4)  # four numbered before
    assert numbering.backfill_references(RectificationCase, Counter, "case", "opened_at") == 3
    assert [RectificationCase.objects.get(pk=c.pk).number for c in made] == [
        "ZG2026-0006",
        "ZG2025-0001",
        "ZG2026-0005",
    ]
    assert numbering.next_reference("case", 2026) == "ZG2026-0007"
