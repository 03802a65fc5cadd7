"""按日连续处罚 only after a fine for an unlawful discharge: 条例 Art. 38 and Order 28 Art. 5, i.e. 条例 Arts. 33–35.
Every penalty article 33–44 and each of its items, covered and excluded, through the rule, the service (screen) and
the command line (E3, issue 10)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.enforcement import rounds, services
from ecopermit.enforcement.models import DailyPenaltyRound
from ecopermit.enforcement.rules import daily, fines
from ecopermit.enforcement.tests.conftest import notified_case

D = dt.date
ALLOWED_ARTICLES = {33, 34, 35}
ITEMS = [(a.no, i.no) for a in fines.articles() for i in a.items]
FOLLOW_UP = {
    36: "责令停产整治",
    37: "每次处5千元以上2万元以下",
    38: "原处罚",
    39: "第三十九条另行立案",
    40: "撤销排污许可证",
    41: "吊销排污许可证",
    43: "第四十三条责令改正",
    44: "移送公安机关",
}


def test_the_data_lists_every_item_of_articles_33_to_35_and_nothing_else():
    assert {(e.article, e.item) for e in daily.ELIGIBLE} == {
        (a, i) for a, i in ITEMS if a in ALLOWED_ARTICLES
    }
    assert {a for a, _i in ITEMS} == {
        33,
        34,
        35,
        36,
        37,
        38,
        39,
        40,
        41,
        43,
        44,
    }  # the 条例 has no art. 42 fine
    for e in daily.ELIGIBLE:  # each names its 条例 item and its Order 28 Art. 5 item
        assert daily.label_zh(e.article, e.item).removeprefix("第") in e.source_zh
        assert f"办法第五条第（{'一二三四五'[e.order28_item - 1]}）项" in e.source_zh


@pytest.mark.parametrize(("article", "item"), [*ITEMS, *((a.no, None) for a in fines.articles())])
def test_eligibility_of_every_article_and_item(article, item):
    verdict = daily.eligibility(article, item)
    label = f"《排污许可管理条例》{daily.label_zh(article, item)}"
    assert verdict.allowed is (article in ALLOWED_ARTICLES)
    assert label in verdict.message_zh
    if verdict.allowed:
        assert "可以实施按日连续处罚" in verdict.message_zh
    else:
        assert "不能实施按日连续处罚" in verdict.message_zh
        assert "第三十三条、第三十四条、第三十五条" in verdict.message_zh
        assert FOLLOW_UP[article] in verdict.message_zh


def test_the_demo_case_art_36_4_is_refused_with_its_follow_up():
    verdict = daily.eligibility(36, 4)
    assert verdict.message_zh.startswith("《排污许可管理条例》第三十六条第（四）项不属于违法排放污染物行为")
    assert "拒不改正的，依《排污许可管理条例》第三十六条责令停产整治" in verdict.message_zh


@pytest.mark.parametrize(
    ("article", "item", "why"),
    [
        (42, None, "不是《排污许可管理条例》的罚则条款"),
        (99, 1, "罚则条款"),
        (34, 3, "没有第（三）项"),
        (33, 5, "没有第（五）项"),
    ],
)
def test_articles_and_items_the_regulation_does_not_have_are_refused(article, item, why):
    verdict = daily.eligibility(article, item)
    assert not verdict.allowed and why in verdict.message_zh


def test_a_case_without_an_article_is_refused():
    with pytest.raises(daily.NotEligibleError, match="尚未确定违法条款"):
        daily.require_eligible(None)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("34", (34, None)), ("34(1)", (34, 1)), ("36(4)", (36, 4)), ("34（2）", (34, 2)), (" 35 (1) ", (35, 1))],
)
def test_article_as_written_in_the_case(text, parsed):
    assert daily.parse_article(text) == parsed


@pytest.mark.parametrize("text", ["", "abc", "34(1", "34-1", "(1)", "34(1)(2)"])
def test_article_that_cannot_be_read(text):
    with pytest.raises(ValueError, match="违法条款写法无法识别"):
        daily.parse_article(text)


def _min_fine(article: int) -> int:
    art = fines.article(article)
    return int(art.fine.minimum) or 10_000  # art. 43 "可以处5万元以下": any amount up to 50,000


@pytest.mark.django_db
@pytest.mark.parametrize(("article", "item"), [(a, i) for a, i in ITEMS if fines.article(a).has_fine_range])
def test_the_service_serves_an_order_only_after_a_discharge_fine(personas, article, item):
    """Every article with a fine range (38 and 44 have none, so no case is decided under them)."""
    amount = _min_fine(article)
    case = notified_case(personas, amount=amount, article=article, item=item)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=amount, decided_on=D(2026, 3, 4))
    if article in ALLOWED_ARTICLES:
        rnd = rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
        assert rnd.seq == 1 and rnd.daily_amount == amount
        assert AuditEvent.objects.filter(action="penalty.daily_order", object_id=str(rnd.pk)).exists()
        return
    with pytest.raises(DomainError) as exc:
        rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
    assert exc.value.code == "not_eligible"
    assert daily.label_zh(article, item) in exc.value.message and FOLLOW_UP[article] in exc.value.message
    assert not DailyPenaltyRound.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(action="penalty.daily_order").exists()


def _cli(article: str, *args: str) -> dict:
    out = io.StringIO()
    call_command(
        "enforcement",
        "daily-penalty",
        "--fine",
        "50000",
        "--article",
        article,
        *(args or ("--served", "2026-03-01", "--found", "2026-03-21")),
        stdout=out,
    )
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("article", "item"), ITEMS)
def test_the_command_line_refuses_every_article_but_33_to_35(article, item):
    text = f"{article}({item})"
    if article in ALLOWED_ARTICLES:
        assert _cli(text)["days"] == 20  # 2 … 21 March
        assert _cli(str(article))["amount"] == 1_000_000
        return
    with pytest.raises(CommandError) as exc:
        _cli(text)
    assert daily.label_zh(article, item) in str(exc.value) and FOLLOW_UP[article] in str(exc.value)
    with pytest.raises(CommandError, match=daily.label_zh(article)):
        _cli(str(article))


def test_the_command_line_needs_the_article_and_reads_it():
    with pytest.raises(CommandError, match="--article"):
        call_command(
            "enforcement", "daily-penalty", "--fine", "1", "--served", "2026-03-01", "--found", "2026-03-02"
        )
    with pytest.raises(CommandError, match="违法条款写法无法识别"):
        _cli("三十四")


def test_the_command_exits_non_zero_with_the_article_in_chinese():
    """The refusal as a shell sees it: exit status and message on stderr, nothing on stdout."""
    ecopermit = Path(sys.executable).with_name("ecopermit")
    args = ["daily-penalty", "--fine", "50000", "--article", "36(4)", "--served", "2026-03-01"]
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(ecopermit), "enforcement", *args, "--found", "2026-03-21"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0 and done.stdout == ""
    assert "第三十六条第（四）项不属于违法排放污染物行为" in done.stderr and "责令停产整治" in done.stderr
