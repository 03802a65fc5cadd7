"""Build the docxtpl template of the GB/T 9704-2012 official document.

    .venv/bin/python tools/build_official_docx.py

writes src/ecopermit/core/documents/templates/documents/official.docx, the DOCX twin of
templates/documents/official.html: the same context keys (see core/documents/layout.py), the same
order of parts, the same geometry. Edit this script, not the .docx, and commit both; the output
is byte-for-byte reproducible (fixed zip timestamps and document properties).

Fonts are named as a bureau's Word or WPS has them: 仿宋 for the body (3号 = 16 pt), 方正小标宋简体
for the issuer's mark and the title (not bold: 小标宋 is a heavy face already; where it is missing
Word substitutes a Song face), 宋体 for page numbers, Times New Roman for Latin letters and digits.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ecopermit.core.documents import layout as L  # noqa: E402

OUT = ROOT / "src" / "ecopermit" / "core" / "documents" / "templates" / "documents" / "official.docx"

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = RGBColor.from_string(L.RED.lstrip("#").upper())
LINE = Pt(L.LINE_PT)
EM = Pt(L.BODY_PT)
# Close the 16 pt characters up by 0.25 pt so 28 fit the 156 mm line, as the HTML does (w:spacing
# is in twentieths of a point).
CHAR_SPACING_TWIPS = -5
# 署名 and 成文日期 are centred on one tab stop: four characters in from the right for a date of
# average width (6.5 characters, "2026年12月1日"); the HTML computes it exactly per date.
SIGNATURE_CENTRE = Pt((L.TEXT_WIDTH_EM - 4 - 6.5 / 2) * L.BODY_PT)


def set_fonts(rpr_owner: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asia)):
        fonts.set(qn(f"w:{attr}"), value)


def run(
    paragraph: Any,
    text: str,
    *,
    font: str = BODY_FONT,
    latin: str = LATIN_FONT,
    size: float | None = None,
    color: RGBColor | None = None,
) -> Any:
    r = paragraph.add_run(text)
    set_fonts(r._r, font, latin)
    if size:
        r.font.size = Pt(size)
    if color is not None:
        r.font.color.rgb = color
    return r


def paragraph(
    doc: Any,
    text: str = "",
    *,
    align: Any = None,
    first_line: bool = False,
    before: float = 0,
    after: float = 0,
    line: Pt | None = LINE,
    **run_args: Any,
) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_line:
        fmt.first_line_indent = 2 * EM
        p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if text:
        run(p, text, **run_args)
    return p


def tag(doc: Any, text: str) -> None:
    """A docxtpl paragraph tag ({%p … %}): the paragraph holding it disappears on rendering."""
    paragraph(doc, text)


def border(p: Any, side: str, *, size_eighths: int, color: str, space_pt: int = 0) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        # pBdr comes after keepNext/keepLines/pageBreakBefore/framePr/widowControl/numPr/suppressLineNumbers
        # and before shd/tabs/spacing/ind/jc in CT_PPr; python-docx inserts the latter, so go before them.
        later = {qn(t) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")}
        follower = next((c for c in ppr if c.tag in later), None)
        if follower is not None:
            follower.addprevious(bdr)
        else:
            ppr.append(bdr)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space_pt))
    edge.set(qn("w:color"), color)
    bdr.append(edge)


def page_number(footer: Any, *, odd: bool) -> None:
    p = footer.paragraphs[0]
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = Pt(L.NOTE_PT)
    else:
        fmt.left_indent = Pt(L.NOTE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run(p, "— ", font=NUMBER_FONT, latin=NUMBER_FONT, size=L.NOTE_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run(p, "", font=NUMBER_FONT, latin=NUMBER_FONT, size=L.NOTE_PT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    run(p, " —", font=NUMBER_FONT, latin=NUMBER_FONT, size=L.NOTE_PT)


def setup(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(L.BODY_PT)
    set_fonts(normal.element, BODY_FONT)
    rpr = normal.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rpr.append(spacing)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.widow_control = True

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_INSIDE_MM), Mm(L.MARGIN_OUTSIDE_MM)
    section.header_distance = Mm(15)
    # The page number's dashes sit 7 mm under the text block: footer line bottom ≈ 35 − 7 − 5 mm.
    section.footer_distance = Mm(L.MARGIN_BOTTOM_MM - 7 - 5)
    # Odd pages bind on the left, even on the right; numbers go to the outside edge.
    settings = doc.settings.element
    mirror = OxmlElement("w:mirrorMargins")
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.addnext(mirror)
    else:
        settings.insert(0, mirror)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer, odd=True)
    page_number(section.even_page_footer, odd=False)

    props = doc.core_properties
    props.author = props.last_modified_by = "EcoPermit"
    props.title = "GB/T 9704-2012 公文模板"
    props.comments = "Generated by tools/build_official_docx.py; docxtpl template."
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1


def build() -> bytes:
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    setup(doc)
    centre = WD_ALIGN_PARAGRAPH.CENTER

    # 版头: mark 35 mm below the top of the text block; number two lines under it; red rule 4 mm below.
    mark = paragraph(doc, "{{r issuer_mark }}", align=centre, before=35 / 25.4 * 72, line=None)
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    number = paragraph(doc, "{{ doc_number }}", align=centre, before=2 * L.LINE_PT)
    border(number, "bottom", size_eighths=24, color=L.RED.lstrip("#").upper(), space_pt=8)

    # 标题 two lines under the rule, 主送机关 one line under the title.
    title = paragraph(
        doc,
        "{{ title }}",
        align=centre,
        before=2 * L.LINE_PT,
        after=L.LINE_PT,
        font=TITLE_FONT,
        latin=TITLE_FONT,
        size=L.TITLE_PT,
    )
    title.paragraph_format.left_indent = title.paragraph_format.right_indent = Pt(2 * L.TITLE_PT)
    tag(doc, "{%p if addressee %}")
    paragraph(doc, "{{ addressee }}：")
    tag(doc, "{%p endif %}")

    # 正文: each paragraph indented two characters.
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    tag(doc, "{%p for paragraph in body_paragraphs %}")
    paragraph(doc, "{{ paragraph }}", first_line=True, align=justify)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for item in items %}")
    paragraph(doc, "{{ loop.index }}.{{ item }}", first_line=True, align=justify)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for paragraph in closing %}")
    paragraph(doc, "{{ paragraph }}", first_line=True, align=justify)
    tag(doc, "{%p endfor %}")

    # 印章 placeholder, 署名 and 成文日期 on one centre tab, kept together and with the text above.
    for text, before, extra in (
        ("\t{{ seal_text }}", L.LINE_PT, {"color": RED, "size": L.NOTE_PT}),
        ("\t{{ issuer }}", 0, {}),
        ("\t{{ issue_date }}", 0, {}),
    ):
        p = paragraph(doc, text, before=before, **extra)
        p.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_CENTRE, WD_TAB_ALIGNMENT.CENTER)
        p.paragraph_format.keep_with_next = text != "\t{{ issue_date }}"
        p.paragraph_format.keep_together = True

    # 版记: 抄送 in 4号 between two rules as wide as the text block, one character in on each side.
    tag(doc, "{%p if cc %}")
    spacer = paragraph(doc, "", before=L.LINE_PT)
    spacer.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cell = table.cell(0, 0)
    cell.width = Mm(L.TEXT_WIDTH_MM)
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if side in ("top", "bottom") else "nil")
        if side in ("top", "bottom"):
            edge.set(qn("w:sz"), "8")  # 1 pt ≈ 0.35 mm, the standard's thick rule
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", L.NOTE_PT * 20), ("right", L.NOTE_PT * 20)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(twips))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    cc = cell.paragraphs[0]
    cc.paragraph_format.left_indent = Pt(3 * L.NOTE_PT)
    cc.paragraph_format.first_line_indent = Pt(-3 * L.NOTE_PT)
    cc.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    cc.paragraph_format.line_spacing = LINE
    run(cc, "抄送：{{ cc }}", size=L.NOTE_PT)
    tag(doc, "{%p endif %}")

    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue())


def reproducible(data: bytes) -> bytes:
    """The same zip with fixed member timestamps, so rebuilding gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
