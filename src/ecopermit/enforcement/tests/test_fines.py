"""Fine ranges of the 《排污许可管理条例》 penalty articles (notes §2). No database."""

from decimal import Decimal

import pytest

from ecopermit.enforcement.rules.fines import (
    Article,
    NoFineRangeError,
    article,
    articles,
    check_fine,
    format_yuan,
)

# (article, min, max) — notes §2 penalty table [V]
RANGES = [
    (33, 200_000, 1_000_000),
    (34, 200_000, 1_000_000),
    (35, 50_000, 200_000),
    (36, 20_000, 200_000),
    (37, 5_000, 20_000),
    (39, 20_000, 200_000),
    (40, 200_000, 500_000),
    (41, 100_000, 300_000),
    (43, 0, 50_000),
]
ART_LABEL = {
    33: "第三十三条",
    34: "第三十四条",
    35: "第三十五条",
    36: "第三十六条",
    37: "第三十七条",
    39: "第三十九条",
    40: "第四十条",
    41: "第四十一条",
    43: "第四十三条",
}


def test_all_penalty_articles_present():
    assert [a.no for a in articles()] == [33, 34, 35, 36, 37, 38, 39, 40, 41, 43, 44]
    assert all(isinstance(a, Article) for a in articles())


def test_article_is_frozen_and_cached():
    a = article(33)
    assert a is article(33)
    with pytest.raises(AttributeError):
        a.no = 1  # type: ignore[misc]


def test_unknown_article():
    with pytest.raises(KeyError):
        article(42)  # art. 42 concerns technical agencies, not a 排污单位 penalty


@pytest.mark.parametrize(
    ("no", "items"),
    [(33, 4), (34, 2), (35, 2), (36, 9), (37, 4), (38, 1), (39, 1), (40, 1), (41, 1), (43, 1), (44, 2)],
)
def test_item_counts(no, items):
    art = article(no)
    assert [i.no for i in art.items] == list(range(1, items + 1))
    assert all(i.text_zh and i.text_en for i in art.items)


def test_items_text():
    assert article(33).items[0].text_zh == "未取得排污许可证排放污染物"
    assert "暗管" in article(34).items[1].text_zh
    assert "执行报告" in article(37).items[2].text_zh
    assert "公开" in article(36).items[6].text_zh


def test_measures_and_bars():
    assert {"责令改正", "限制生产", "停产整治"} <= set(article(33).measures)
    assert {"停业", "关闭"} <= set(article(33).serious_measures)
    assert "吊销排污许可证" in article(34).serious_measures
    assert "停产整治" in article(36).serious_measures
    assert "撤销排污许可证" in article(40).measures
    assert "吊销排污许可证" in article(41).measures
    assert article(40).bar_years == 3
    assert article(41).bar_years == 3
    assert article(33).bar_years is None
    assert article(38).fine.kind == "daily"
    assert article(37).fine.kind == "per_occurrence"
    assert article(43).fine.kind == "up_to"


def test_detention_art_44():
    det = article(44).detention
    assert det is not None
    assert (det.min_days, det.max_days, det.minor_min_days, det.minor_max_days) == (10, 15, 5, 10)
    assert "第六十三条" in det.law
    assert article(33).detention is None


def test_markers_are_verified():
    # notes §2 is [V] throughout; nothing [S]/[M] in this table
    assert {a.notes_marker for a in articles()} == {"V"}


@pytest.mark.parametrize(("no", "lo", "hi"), RANGES)
def test_boundaries(no, lo, hi):
    assert check_fine(no, lo).ok
    assert check_fine(no, hi).ok
    assert check_fine(no, (lo + hi) // 2).ok
    assert not check_fine(no, lo - 1).ok
    assert not check_fine(no, hi + 1).ok
    res = check_fine(no, hi)
    assert (res.minimum, res.maximum) == (Decimal(lo), Decimal(hi))


@pytest.mark.parametrize(("no", "lo", "hi"), RANGES)
def test_decimal_boundaries(no, lo, hi):
    assert not check_fine(no, Decimal(hi) + Decimal("0.01")).ok
    assert check_fine(no, Decimal(hi) - Decimal("0.01")).ok
    if lo:
        assert not check_fine(no, Decimal(lo) - Decimal("0.01")).ok


@pytest.mark.parametrize(("no", "lo", "hi"), RANGES)
def test_message_names_article_and_range(no, lo, hi):
    below = check_fine(no, lo - 1)
    above = check_fine(no, hi + 1)
    assert ART_LABEL[no] in below.message_zh and "排污许可管理条例" in below.message_zh
    assert "低于" in below.message_zh
    assert "高于" in above.message_zh
    assert format_yuan(Decimal(hi)) in above.message_zh
    assert "在《排污许可管理条例》" in check_fine(no, hi).message_zh


def test_message_art_33_exact():
    res = check_fine(33, 199_999)
    assert res.message_zh == (
        "罚款金额199,999元低于《排污许可管理条例》第三十三条规定的幅度：20万元以上100万元以下。"
    )


def test_art_37_one_occurrence():
    assert check_fine(37, 5_000, occurrences=1).ok
    assert check_fine(37, 20_000, occurrences=1).ok
    assert not check_fine(37, 4_999, occurrences=1).ok
    assert not check_fine(37, 20_001, occurrences=1).ok


def test_art_37_three_occurrences():
    r = check_fine(37, 15_000, occurrences=3)
    assert r.ok and (r.minimum, r.maximum) == (15_000, 60_000)
    assert check_fine(37, 60_000, occurrences=3).ok
    assert not check_fine(37, 14_999, occurrences=3).ok
    assert not check_fine(37, 60_001, occurrences=3).ok
    # 20,000 is fine for one occurrence but the per-occurrence minimum for 3 is 15,000 -> still fine;
    # 10,000 for 3 occurrences is below 5千 each.
    assert not check_fine(37, 10_000, occurrences=3).ok
    msg = check_fine(37, 60_001, occurrences=3).message_zh
    assert "每次5千元以上2万元以下" in msg and "共3次" in msg and "第三十七条" in msg


def test_art_43_upper_bound_and_zero():
    assert check_fine(43, 50_000).ok
    assert check_fine(43, 0).ok  # 可以处: the fine may be omitted
    assert not check_fine(43, 50_001).ok
    assert not check_fine(43, -1).ok
    assert "5万元以下" in check_fine(43, 50_001).message_zh


def test_art_35_serious_range():
    assert not check_fine(35, 1_000_000).ok
    r = check_fine(35, 1_000_000, serious=True)
    assert r.ok and r.minimum == 200_000
    assert not check_fine(35, 199_999, serious=True).ok
    assert not check_fine(35, 1_000_001, serious=True).ok
    assert "情节严重" in check_fine(35, 1_000_001, serious=True).message_zh
    with pytest.raises(ValueError, match="情节严重"):
        check_fine(33, 500_000, serious=True)


@pytest.mark.parametrize("no", [38, 44])
def test_articles_without_fine_range(no):
    with pytest.raises(NoFineRangeError):
        check_fine(no, 100_000)


def test_occurrences_validation():
    with pytest.raises(ValueError):
        check_fine(37, 5_000, occurrences=0)
    with pytest.raises(ValueError, match="不按次计罚"):
        check_fine(33, 400_000, occurrences=2)


def test_amount_as_string():
    assert check_fine(36, "20000").ok


def test_format_yuan():
    assert format_yuan(Decimal(200_000)) == "20万元"
    assert format_yuan(Decimal(1_000_000)) == "100万元"
    assert format_yuan(Decimal(5_000)) == "5千元"
    assert format_yuan(Decimal(12_345)) == "12,345元"
    assert format_yuan(Decimal("50000.5")) == "50,000.5元"
