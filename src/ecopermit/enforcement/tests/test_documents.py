"""立案审批表, 事先（听证）告知书, 处罚决定书 as DOCX and PDF: the extracted text names, in Chinese, the facility, the
violation, the article and the amount; numbered per district and year (E3)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from ecopermit.core.errors import DomainError
from ecopermit.enforcement import services
from ecopermit.enforcement.documents import render
from ecopermit.enforcement.tests.conftest import notified_case

pytestmark = pytest.mark.django_db
D = dt.date
VIOLATION = "未取得排污许可证排放污染物"
ARTICLE = "《排污许可管理条例》第三十三条第（一）项"


def _pdf(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def _docx(content: bytes) -> str:
    return "".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def decided(personas):  # type: ignore[no-untyped-def]
    case = notified_case(personas, amount=300_000)
    services.hearing_waive(actor=personas["officer"], case=case)
    services.statement_record(
        actor=personas["officer"],
        case=case,
        received_on=D(2026, 3, 4),
        text="已停止喷涂作业，正在申请排污许可证。",
        adopted=True,
    )
    return services.decision_make(
        actor=personas["leader"], case=case, amount=250_000, decided_on=D(2026, 3, 6)
    )


def test_docx_of_each_document_names_facility_violation_article_amount(decided, personas):
    name = personas["shipyard"].name
    filing = _docx(render(decided, "filing", "docx"))
    assert all(
        s in filing
        for s in (
            name,
            VIOLATION,
            ARTICLE,
            "20万元以上100万元以下",
            "舟定环立〔2026〕第1号",
            "行政处罚立案审批表",
            "拟罚款金额：30万元",
        )
    )
    notice = _docx(render(decided, "notice", "docx"))
    assert all(
        s in notice
        for s in (
            name,
            VIOLATION,
            ARTICLE,
            "罚款30万元（人民币300,000.00元）",
            "舟定环罚告〔2026〕第1号",
            "2026年3月5日",
            "2026年3月9日",
            "听证",
        )
    )
    decision = _docx(render(decided, "decision", "docx"))
    assert all(
        s in decision
        for s in (
            name,
            VIOLATION,
            ARTICLE,
            "罚款25万元（人民币250,000.00元）",
            "舟定环罚〔2026〕第1号",
            "行政处罚决定书",
            "予以采纳",
            "2026年3月21日",
        )
    )


def test_pdf_carries_the_same_words(decided, personas):
    text = _pdf(render(decided, "decision", "pdf"))
    for s in (personas["shipyard"].name, VIOLATION, "第三十三条", "25万元", "舟定环罚〔2026〕第1号"):
        assert s in text


def test_art_37_notice_states_the_per_occurrence_range(personas):
    case = notified_case(personas, article=37, item=3, amount=45_000, occurrences=3)
    text = _docx(render(case, "notice", "docx"))
    assert "每次5千元以上2万元以下（共3次，即15,000元以上6万元以下）" in text
    assert "未按照排污许可证规定提交排污许可证执行报告" in text and "4.5万" not in text
    assert "罚款45,000元（人民币45,000.00元）" in text
    assert "要求举行听证" not in text  # 45,000 yuan: no hearing right


def test_numbers_run_per_year(personas):
    first = notified_case(personas)
    second = notified_case(personas, facility="fish", served=D(2027, 1, 4))
    assert first.notice_number == "舟定环罚告〔2026〕第1号"
    assert second.notice_number == "舟定环罚告〔2027〕第1号"
    assert second.number == "舟定环立〔2026〕第2号"  # filed 2026-02-20


def test_downloads_are_scoped(decided, personas, login):
    url = f"/enforcement/{decided.pk}/documents/decision/docx/"
    assert login(personas["shipyard_manager"]).get(url).status_code == 200
    assert login(personas["fish_manager"]).get(url).status_code == 404
    assert login(personas["town_chengdong"]).get(url).status_code == 200
    assert login(personas["town_jintang"]).get(url).status_code == 404
    filing = f"/enforcement/{decided.pk}/documents/filing/docx/"
    assert login(personas["shipyard_manager"]).get(filing).status_code == 403  # internal form


def test_command_renders_a_document(decided, tmp_path):
    out = tmp_path / "d.docx"
    call_command(
        "enforcement",
        "document",
        str(decided.pk),
        "--kind",
        "decision",
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert "行政处罚决定书" in _docx(out.read_bytes())


def test_daily_penalty_decision_names_days_and_amount(decided, personas, login):
    from ecopermit.enforcement import rounds

    rnd = rounds.round_serve(actor=personas["officer"], case=decided, served_on=D(2026, 3, 9))
    rnd = rounds.round_reinspect(
        actor=personas["officer"], rnd=rnd, reinspected_on=D(2026, 4, 7), result="continuing"
    )
    url = f"/enforcement/rounds/{rnd.pk}/document/docx/"
    notice_url = f"/enforcement/rounds/{rnd.pk}/notice-document/docx/"
    party = login(personas["shipyard_manager"])
    assert party.get(url).status_code == 404  # not decided yet
    assert party.get(notice_url).status_code == 404  # not notified yet
    rnd = rounds.round_notice_issue(actor=personas["officer"], rnd=rnd, served_on=D(2026, 4, 7))
    notice = _docx(party.get(notice_url).content)
    for s in (
        "按日连续处罚事先（听证）告知书",
        rnd.notice_number,
        "计29日",
        "拟对你单位作出如下行政处罚：罚款725万元（人民币7,250,000.00元）",
        "陈述和申辩",
        "要求举行听证",  # 7,250,000 yuan is above the hearing threshold (行政处罚法 Art. 63)
    ):
        assert s in notice, s
    with pytest.raises(DomainError, match=rnd.statement_due.isoformat()):  # the periods have not run yet
        rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=D(2026, 4, 8))
    rounds.round_statement_record(
        actor=personas["officer"], rnd=rnd, received_on=D(2026, 4, 8), text="设备正在检修，请求减轻处罚"
    )
    with pytest.raises(
        DomainError, match=rnd.hearing_due.isoformat()
    ):  # the party may still ask for a hearing
        rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=D(2026, 4, 8))
    rounds.round_hearing_waive(actor=personas["officer"], rnd=rnd)
    rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=D(2026, 4, 8))
    response = party.get(url)
    assert response.status_code == 200
    text = _docx(response.content)
    for s in (
        personas["shipyard"].name,
        "按日连续处罚决定书",
        "舟定环罚〔2026〕第2号",
        VIOLATION,
        "第三十八条",
        "2026年3月10日",
        "2026年4月7日",
        "计29日",
        "罚款725万元（人民币7,250,000.00元）",
        rnd.notice_number,
        "你单位提出了陈述、申辩意见，我局经复核不予采纳",
        "第七十二条",
    ):
        assert s in text, s
    assert login(personas["fish_manager"]).get(url).status_code == 404
