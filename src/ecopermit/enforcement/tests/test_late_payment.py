"""加处罚款 for late payment (行政处罚法 Art. 72(1): 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额),
with partial payments (the 3 % runs on what is still unpaid at the start of the day; the cap is what fell late). Boundaries: the due date, the
first late day, the day the cap is reached; then properties, and the case page (E3, issue 10).

Worked examples, fine 100,000 yuan, due 2026-03-20 (the 15th day after service, Art. 67):
- 20 Mar (the due date): 0.                  21 Mar: 1 day × 3,000 = 3,000.
- 22 Apr (33 days late): 99,000.            23 Apr (34 days): 102,000 → capped at 100,000.
- 50,000 paid on 21 Mar: 21 Mar 3,000 (still all unpaid that morning), then 1,500 a day:
  23 Mar = 3,000 + 1,500 + 1,500 = 6,000; the cap is reached on day 66 (3,000 + 65 × 1,500 = 100,500 → 100,000).
- 40,000 paid on the due date: 21 Mar 60,000 × 3 % = 1,800; capped at the 60,000 that fell late (day 34).
- paid in full on 22 Mar: 2 days × 3,000 = 6,000, and no more afterwards.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.enforcement.rules.procedure import late_payment_surcharge, payment_due

D = dt.date
FINE = Decimal(100_000)
DUE = D(2026, 3, 20)


def _late(days: int) -> dt.date:
    return DUE + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - dt.timedelta(days=10), 0),  # before the due date
        (DUE, 0),  # the due date itself: paying on it is in time (Art. 67)
        (_late(1), 3_000),
        (_late(2), 6_000),
        (_late(33), 99_000),
        (_late(34), 100_000),  # 102,000 capped at the fine
        (_late(35), 100_000),
        (_late(3650), 100_000),
    ],
)
def test_without_payments(today, expected):
    assert late_payment_surcharge(FINE, DUE, today) == Decimal(expected)


def test_the_due_date_is_fifteen_days_after_service():
    assert payment_due(D(2026, 3, 5)) == DUE


@pytest.mark.parametrize(
    ("payments", "today", "expected"),
    [
        ([(_late(1), 50_000)], _late(1), 3_000),  # paid on the first late day: that day is still owed
        ([(_late(1), 50_000)], _late(3), 6_000),
        ([(_late(1), 50_000)], _late(65), 99_000),  # 3,000 + 64 × 1,500
        ([(_late(1), 50_000)], _late(66), 100_000),  # 100,500 capped
        ([(DUE, 40_000)], _late(1), 1_800),  # paid on the due date: only the rest is late
        ([(DUE, 40_000)], _late(33), 59_400),
        ([(DUE, 40_000)], _late(34), 60_000),  # capped at the 60,000 that fell late, not at the fine
        ([(DUE, 40_000), (_late(40), 60_000)], _late(400), 60_000),
        ([(DUE, 100_000)], _late(30), 0),  # paid in full in time
        ([(_late(2), 100_000)], _late(2), 6_000),
        ([(_late(2), 100_000)], _late(40), 6_000),  # nothing accrues after full payment
        ([(_late(2), 60_000), (_late(2), 40_000)], _late(40), 6_000),  # two receipts the same day
        (
            [(_late(5), 30_000), (_late(1), 20_000)],
            _late(6),
            3_000 + 4 * 2_400 + 1_500,
        ),  # order does not matter
        ([(DUE - dt.timedelta(days=3), 100_000)], _late(10), 0),  # paid before the due date
        ([(_late(1), 120_000)], _late(10), 3_000),  # an overpayment stops it too
    ],
)
def test_with_partial_payments(payments, today, expected):
    assert late_payment_surcharge(FINE, DUE, today, payments) == Decimal(expected)


def test_cents_are_rounded_once_at_the_end():
    # 3 % of 333.33 = 9.9999 a day: 3 days = 29.9997 → 30.00 (rounding each day would give 30.00 too, 7 days differ)
    assert late_payment_surcharge(Decimal("333.33"), DUE, _late(3)) == Decimal("30.00")
    assert late_payment_surcharge(Decimal("333.33"), DUE, _late(7)) == Decimal("70.00")  # 69.9993
    assert late_payment_surcharge(Decimal("333.33"), DUE, _late(40)) == Decimal("333.33")


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="fine"):
        late_payment_surcharge(Decimal(-1), DUE, _late(1))
    with pytest.raises(ValueError, match="positive"):
        late_payment_surcharge(FINE, DUE, _late(1), [(_late(1), 0)])


amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
offsets = st.integers(min_value=-30, max_value=400)
payment_lists = st.lists(
    st.tuples(st.integers(min_value=-20, max_value=200), st.integers(min_value=1, max_value=100)), max_size=5
)


@given(amounts, offsets)
def test_closed_form_without_payments(fine, off):
    days = max(0, off)
    assert late_payment_surcharge(fine, DUE, _late(off)) == min(fine, fine * Decimal("0.03") * days).quantize(
        Decimal("0.01")
    )


@given(amounts, offsets, payment_lists)
def test_never_negative_never_above_the_fine_and_monotone_in_time(fine, off, raw):
    payments = [(_late(d), fine * pct / 100) for d, pct in raw if fine * pct / 100 > 0]
    today = late_payment_surcharge(fine, DUE, _late(off), payments)
    tomorrow = late_payment_surcharge(fine, DUE, _late(off + 1), payments)
    in_time = sum((a for d, a in payments if d <= DUE), Decimal(0))
    assert 0 <= today <= tomorrow <= max(Decimal(0), fine - in_time).quantize(Decimal("0.01")) <= fine


@given(amounts, offsets, payment_lists)
def test_payments_never_raise_the_surcharge(fine, off, raw):
    payments = [(_late(d), fine * pct / 100) for d, pct in raw if fine * pct / 100 > 0]
    with_payments = late_payment_surcharge(fine, DUE, _late(off), payments)
    assert with_payments <= late_payment_surcharge(fine, DUE, _late(off))
    earlier = [(day - dt.timedelta(days=1), amount) for day, amount in payments]
    assert (
        late_payment_surcharge(fine, DUE, _late(off), earlier) <= with_payments
    )  # paying sooner never costs more


@pytest.mark.django_db
def test_the_case_page_shows_the_surcharge_on_the_unpaid_part(personas, login):
    from ecopermit.enforcement import services
    from ecopermit.enforcement.selectors import execution_summary
    from ecopermit.enforcement.tests.conftest import notified_case

    case = notified_case(personas, amount=200_000)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    case = services.decision_make(
        actor=personas["leader"], case=case, amount=200_000, decided_on=D(2026, 3, 5), served_on=D(2026, 3, 5)
    )
    assert case.payment_due == DUE
    services.execution_record(
        actor=personas["officer"], case=case, kind="payment", on=_late(1), amount=100_000
    )
    # 21 Mar: 200,000 × 3 % = 6,000; 22–23 Mar: 100,000 × 3 % = 3,000 a day → 12,000 on 23 Mar.
    summary = execution_summary(case, _late(3))
    assert (summary["outstanding"], summary["surcharge"]) == (100_000, Decimal("12000.00"))
    services.execution_record(
        actor=personas["officer"], case=case, kind="payment", on=_late(3), amount=100_000
    )
    paid = execution_summary(case, _late(30))
    assert (paid["outstanding"], paid["surcharge"]) == (0, Decimal("12000.00"))  # owed although paid in full
    # Paid in full on 23 Mar 2026, the surcharge no longer changes: the page shows it on any later day.
    page = login(personas["officer"]).get(f"/enforcement/{case.pk}/").content.decode()
    assert "12,000" in page
