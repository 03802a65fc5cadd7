"""The official-document machinery: a notice rendered as PDF and DOCX from one context says the same
thing in both, in Chinese, with the project's own font embedded as real text."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ecopermit.core.documents import render_docx, render_official
from ecopermit.core.documents.layout import (
    SEAL_PLACEHOLDER,
    chinese_date,
    issuer_mark_pt,
    official_context,
    text_width_em,
)
from ecopermit.core.documents.pdf import FONT_FILES
from ecopermit.core.documents.sample import DEADLINE, FACILITY, PROBLEMS, sample_notice

VENDORED = "Noto-Serif-SC-GB2312"  # WeasyPrint names embedded fonts after the @font-face family


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> list[dict]:
    fonts = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    # Every paragraph of the body in order, those in the 版记 table included.
    return "\n".join(Paragraph(p, document).text for p in document.element.body.iter(qn("w:p")))


def squash(text: str) -> str:
    """Words only: line breaks, tabs, spaces and page numbers (— 1 —) differ between formats."""
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text))


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    context = sample_notice()
    return {"pdf": render_official(context, "pdf"), "docx": render_official(context, "docx")}


@pytest.fixture(scope="module")
def texts(rendered) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"pdf": pdf_text(rendered["pdf"]), "docx": docx_text(rendered["docx"])}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_notice_names_the_facility_its_problems_and_the_deadline(texts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = squash(texts[fmt])
    for expected in (
        "舟山市生态环境局定海分局",
        "舟定环整〔2026〕第12号",
        "排污许可限期整改通知书",
        f"{FACILITY}：",
        *(f"{n}.{problem}" for n, problem in enumerate(PROBLEMS, start=1)),
        f"于{DEADLINE}前",
        "2026年12月1日",
        SEAL_PLACEHOLDER,
        "抄送：定海区金塘镇人民政府，舟山市生态环境保护综合行政执法队。",
    ):
        assert squash(expected) in text, (fmt, expected)


def test_pdf_and_docx_say_the_same_words_in_the_same_order(texts) -> None:  # type: ignore[no-untyped-def]
    # The seal placeholder is drawn over the signature in the PDF, so it is extracted out of order.
    pdf, word = (squash(texts[f]).replace(SEAL_PLACEHOLDER, "", 1) for f in ("pdf", "docx"))
    assert pdf == word


def test_pdf_embeds_the_vendored_fonts_as_text_with_unicode_maps(rendered) -> None:  # type: ignore[no-untyped-def]
    fonts = pdf_fonts(rendered["pdf"])
    names = {str(f["/BaseFont"]).split("+", 1)[-1] for f in fonts}
    # Regular for the text, Bold for the issuer's mark and the title; every character of the
    # sample is in the GB 2312 cut, so no system font is needed.
    assert names == {VENDORED, f"{VENDORED}-Bold"}
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile3" in descendant["/FontDescriptor"].get_object()  # embedded CFF
        assert "/ToUnicode" in font  # glyphs map back to characters: text, not outlines
    pages = pypdf.PdfReader(io.BytesIO(rendered["pdf"])).pages
    assert b" Tj" in pages[0].get_contents().get_data() or b"TJ" in pages[0].get_contents().get_data()


def test_pdf_is_a4_with_page_numbers_between_dashes(rendered, texts) -> None:  # type: ignore[no-untyped-def]
    reader = pypdf.PdfReader(io.BytesIO(rendered["pdf"]))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    for number in range(1, len(reader.pages) + 1):
        assert f"— {number} —" in texts["pdf"]


def test_docx_has_the_official_page_geometry(rendered) -> None:  # type: ignore[no-untyped-def]
    section = docx.Document(io.BytesIO(rendered["docx"])).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert abs(section.page_height - section.top_margin - section.bottom_margin - Mm(225)) < Mm(0.5)
    assert "PAGE" in section.footer._element.xml


def test_a_character_outside_gb2312_falls_back_to_the_system_font() -> None:
    rare = "舟山䦅𬒗水产有限公司"
    assert any(_not_gb2312(c) for c in rare)
    context = {**sample_notice(), "addressee": rare}
    data = render_official(context, "pdf")
    assert f"{rare}：" in squash(pdf_text(data))
    names = {str(f["/BaseFont"]).split("+", 1)[-1] for f in pdf_fonts(data)}
    assert VENDORED in names
    if _system_cjk_font():
        assert names - {VENDORED, f"{VENDORED}-Bold"}, "the rare characters came from no fallback font"


def test_docx_values_are_escaped_not_markup() -> None:
    name = "A&B <排污> 公司"
    data = render_official({**sample_notice(), "addressee": name}, "docx")
    assert f"{name}：" in docx_text(data)


def test_render_docx_takes_template_bytes() -> None:
    from ecopermit.core.documents import OFFICIAL_DOCX

    values = official_context(sample_notice())
    values["issuer_mark"] = values["issuer"]
    data = render_docx(OFFICIAL_DOCX.read_bytes(), values)
    assert FACILITY in docx_text(data)


def test_context_checks() -> None:
    with pytest.raises(ValueError, match="issuer"):
        official_context({"title": "通知", "issue_date": dt.date(2026, 1, 5)})
    with pytest.raises(ValueError, match="format"):
        render_official(sample_notice(), "odt")  # type: ignore[arg-type]
    values = official_context(
        {**sample_notice(), "addressee": "某公司：", "cc": "某镇人民政府。", "seal_text": ""}
    )
    assert values["addressee"] == "某公司"
    assert values["cc"] == "某镇人民政府。"
    assert values["seal_text"] == ""


def test_layout_arithmetic() -> None:
    assert chinese_date(dt.date(2027, 3, 5)) == "2027年3月5日"
    assert chinese_date(dt.datetime(2027, 12, 31, 9, 0)) == "2027年12月31日"
    assert text_width_em("2026年12月1日") == 6.5
    # A short issuer gets the large mark; a long one shrinks to fit one line of the 156 mm block.
    assert issuer_mark_pt("定海分局") == 42
    long_name = "舟山市生态环境局定海分局舟山市生态环境局"
    assert issuer_mark_pt(long_name) * text_width_em(long_name) <= 156 / 25.4 * 72
    assert all(path.is_file() for path in FONT_FILES.values())


def _not_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _system_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)  # noqa: S607
    return "Noto" in out.stdout
