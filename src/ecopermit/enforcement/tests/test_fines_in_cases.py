"""The officer's amount against the 条例 article's range (E3): refused outside with a Chinese message naming the
article and the range; art. 37 per occurrence; the hearing right only when requested in time."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.core.errors import DomainError
from ecopermit.enforcement import services
from ecopermit.enforcement.models import PenaltyCase
from ecopermit.enforcement.states import Status
from ecopermit.enforcement.tests.conftest import notified_case

pytestmark = pytest.mark.django_db
D = dt.date


def _investigating(personas, article, item, occurrences=1):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    case = services.penalty_case_file(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        article_no=article,
        item_no=item,
        occurrences=occurrences,
        filed_on=D(2026, 2, 20),
    )
    services.evidence_add(
        actor=officer, case=case, kind="record", description="现场笔录", collected_on=D(2026, 2, 20)
    )
    return case


def test_a_fine_below_the_range_of_art_33_is_refused_with_the_article_and_range(personas):
    case = _investigating(personas, 33, 1)
    with pytest.raises(DomainError) as exc:
        services.notice_issue(actor=personas["officer"], case=case, amount=150_000, served_on=D(2026, 3, 2))
    assert exc.value.field == "amount"
    assert exc.value.message == (
        "罚款金额15万元低于《排污许可管理条例》第三十三条规定的幅度：20万元以上100万元以下。"
    )
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING and case.notice_number == "" and case.proposed_amount is None


def test_art_43_allows_at_most_50000(personas):
    case = _investigating(personas, 43, 1)
    with pytest.raises(DomainError, match=r"第四十三条.*5万元以下"):
        services.notice_issue(actor=personas["officer"], case=case, amount=50_001, served_on=D(2026, 3, 2))
    services.notice_issue(actor=personas["officer"], case=case, amount=50_000, served_on=D(2026, 3, 2))
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.NOTIFIED


def test_art_37_is_fined_per_occurrence(personas):
    """Three missing execution reports: 15,000–60,000 yuan; 60,001 refused, 60,000 accepted."""
    case = _investigating(personas, 37, 3, occurrences=3)
    with pytest.raises(DomainError) as exc:
        services.notice_issue(actor=personas["officer"], case=case, amount=60_001, served_on=D(2026, 3, 2))
    assert "每次5千元以上2万元以下，共3次即15,000元以上6万元以下" in exc.value.message
    with pytest.raises(DomainError, match="低于"):
        services.notice_issue(actor=personas["officer"], case=case, amount=14_999, served_on=D(2026, 3, 2))
    services.notice_issue(actor=personas["officer"], case=case, amount=60_000, served_on=D(2026, 3, 2))
    case.refresh_from_db()
    assert (
        case.proposed_amount == 60_000 and case.hearing_right is False
    )  # not above 200,000: no hearing right


def test_occurrences_only_for_art_37_and_no_fine_range_articles_refused(personas):
    officer = personas["officer"]
    with pytest.raises(DomainError, match=r"不按次处罚|not fined per occurrence"):
        services.penalty_case_file(
            actor=officer, facility_id=personas["shipyard"].pk, article_no=33, item_no=1, occurrences=2
        )
    with pytest.raises(DomainError) as exc:
        services.penalty_case_file(
            actor=officer, facility_id=personas["shipyard"].pk, article_no=44, item_no=1
        )
    assert exc.value.field == "article_no"


def test_serious_circumstances_of_art_35_use_the_higher_range(personas):
    officer = personas["officer"]
    case = services.penalty_case_file(actor=officer, facility_id=personas["fish"].pk, filed_on=D(2026, 2, 20))
    services.violation_record(
        actor=officer, case=case, article_no=35, item_no=1, facts="无组织排放", serious=True
    )
    services.evidence_add(
        actor=officer, case=case, kind="record", description="现场笔录", collected_on=D(2026, 2, 20)
    )
    with pytest.raises(DomainError, match="情节严重"):
        services.notice_issue(actor=officer, case=case, amount=150_000, served_on=D(2026, 3, 2))
    services.notice_issue(actor=officer, case=case, amount=250_000, served_on=D(2026, 3, 2))


def test_hearing_requested_after_five_working_days_is_refused(personas):
    """行政处罚法 Art. 64(1) + Art. 85: served Monday 2026-03-02 → last day Monday 2026-03-09."""
    case = notified_case(personas)
    with pytest.raises(DomainError) as exc:
        services.hearing_request(actor=personas["officer"], case=case, requested_on=D(2026, 3, 10))
    assert "2026-03-09" in exc.value.message and "第六十四条" in exc.value.message
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.NOTIFIED


def test_hearing_periods_skip_the_national_holidays(personas):
    """Served 2026-09-30: 国庆节 2026-10-01..07 are off and Saturday 2026-10-10 is a make-up working day, so the
    3rd working day is 2026-10-10 and the 5th 2026-10-13."""
    case = notified_case(personas, served=D(2026, 9, 30))
    assert case.statement_due == D(2026, 10, 10) and case.hearing_due == D(2026, 10, 13)


def test_no_hearing_without_the_right(personas):
    case = notified_case(personas, article=37, item=3, amount=20_000)
    with pytest.raises(DomainError, match=r"63|第六十三条"):
        services.hearing_request(actor=personas["officer"], case=case, requested_on=D(2026, 3, 3))
