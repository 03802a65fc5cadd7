"""The notice as DOCX and PDF: the same Chinese content in both, text extractable (issue 4, P2)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from ecopermit.cases import services
from ecopermit.cases.documents import render_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(personas):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    p1 = services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="废水总排口氨氮浓度超过排放标准",
        source="inspection",
        required_action="完善污水处理设施并委托监测",
    )
    services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="no_auto_monitoring",
        description="废水总排口未安装自动监测设备",
        source="survey",
    )
    return services.notice_issue(
        actor=officer, case=p1.case, deadline=dt.date(2027, 3, 31), served_on=dt.date(2026, 12, 1)
    )


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def _docx_text(content: bytes) -> str:
    return "".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_pdf_and_docx_carry_the_facility_problems_and_deadline(notice, personas):
    pdf = _pdf_text(render_notice(notice, "pdf"))
    docx = _docx_text(render_notice(notice, "docx"))
    for text in (pdf, docx):
        assert personas["fish"].name in text
        assert "废水总排口氨氮浓度超过排放标准" in text and "废水总排口未安装自动监测设备" in text
        assert "2027年3月31日" in text
        assert "舟定环整〔2026〕第1号" in text
        assert "排污许可限期整改通知书" in text


def test_download_is_scoped(notice, personas, login):
    assert login(personas["fish_manager"]).get(f"/cases/notices/{notice.pk}/pdf/").status_code == 200
    assert login(personas["shipyard_manager"]).get(f"/cases/notices/{notice.pk}/pdf/").status_code == 404


def test_command_renders_the_current_notice(notice, tmp_path):
    out = tmp_path / "notice.docx"
    call_command("cases", "notice", str(notice.case_id), "--format", "docx", "--out", str(out))
    assert "2027年3月31日" in _docx_text(out.read_bytes())
