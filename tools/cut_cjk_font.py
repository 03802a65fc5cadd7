"""Cut the vendored PDF fonts from Debian's Noto Serif CJK to GB 2312 plus punctuation.

Why: WeasyPrint subsets every font it embeds on every render; the full 65,535-glyph CJK faces
take ~5 s a page, a GB 2312 cut ~1 s (see DESIGN.md, "Chinese fonts in PDFs"). Characters
outside the cut still render through the system CJK fonts named as fallbacks in the stylesheet.

    .venv/bin/python tools/cut_cjk_font.py            # writes src/ecopermit/static/fonts/*.otf
    .venv/bin/python tools/cut_cjk_font.py --check    # prints the character count only

The character list is built here, not read from a file, so the cut is reproducible from the
source font alone: every valid two-byte GB 2312 sequence decoded with Python's 'gb2312' codec,
plus printable ASCII, the CJK and full-width punctuation blocks and a few characters that
official documents and the district's data use (listed in EXTRA). The faces are picked from
the .ttc collections by their name, not by index, and renamed so that a PDF shows which file
its text came from (OFL: a modified version under its own name).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "ecopermit" / "static" / "fonts"
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")

# (source collection, face full name inside it, output file stem, style)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifSC-GB2312-Regular", "Regular"),
    ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold", "NotoSerifSC-GB2312-Bold", "Bold"),
]
FAMILY = "Noto Serif SC GB2312"

# Characters official documents and the district's records use that GB 2312 lacks:
# typographic punctuation (· — – • − ‧), units (㎎ ㎏ ㎡ ㎥ ㎞ μ ² ³ ‰ is in GB 2312), circled
# numbers past ⑩, and name characters of Zhoushan places and enterprises (碶 嶴 舥 墺 峧 浬 …).
EXTRA = (
    "·—–•−‧‐‑‒―‖‚„‹›«»¢£¥©®™°±×÷²³¹¼½¾µμ℃℉№Ω"
    "㎎㎏㎜㎝㎞㎡㎥㏄㏎㏑㏒㏕"
    "⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕"
    "〇〘〙〚〛〝〞〟﹏﹐﹑﹒﹔﹕﹖﹗"
    "碶嶴舥墺峧浬旻沚璟芃珺喆玥堃犇垚昇"
)


def gb2312_characters() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def character_set() -> set[str]:
    chars = gb2312_characters()
    chars.update(chr(c) for c in range(0x20, 0x7F))  # printable ASCII
    chars.update(chr(c) for c in range(0x2010, 0x2028))  # general punctuation: dashes, quotes, …
    chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation: 、。〔〕《》「」【】…
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    chars.update(chr(c) for c in range(0x2460, 0x2474))  # ①–⑳
    chars.update(EXTRA)
    chars.add("\u00a0")  # no-break space
    return chars


def find_face(collection: Path, full_name: str) -> int:
    for number, font in enumerate(TTCollection(collection, lazy=True).fonts):
        if font["name"].getDebugName(4) == full_name:
            return number
    raise SystemExit(f"{collection}: no face named {full_name!r}")


def rename(font: TTFont, style: str) -> None:
    ps_name = f"NotoSerifSC-GB2312-{style}"
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (2, 17):
            names.setName(style, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(ps_name, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(f"{ps_name};GB2312 cut", 3, record.platformID, record.platEncID, record.langID)
    cff = font["CFF "].cff
    old = cff.fontNames[0]
    cff.fontNames[0] = ps_name
    top = cff.topDictIndex[0]
    for fd in getattr(top, "FDArray", None) or []:  # CID-keyed: FontName per font dict, e.g. …-Ideographs
        if getattr(fd, "FontName", None):
            fd.FontName = fd.FontName.replace(old, ps_name)
    if hasattr(top, "FullName"):
        top.FullName = full
    if hasattr(top, "FamilyName"):
        top.FamilyName = FAMILY


def cut(collection: Path, face: str, stem: str, style: str, chars: set[str]) -> Path:
    number = find_face(collection, face)
    # Keep the source's head.modified so a re-run writes the same bytes.
    font = TTFont(collection, fontNumber=number, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    # WeasyPrint drops hints when it subsets for the PDF (write_pdf(hinting=False)), so in the
    # repository they would only weigh: 4.75 + 4.91 MB with them, 3.99 + 4.07 MB without.
    options.hinting = False
    options.layout_features = [*options.layout_features, "palt", "halt", "vpal", "vhal"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    rename(font, style)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{stem}.otf"
    font.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR)
    parser.add_argument("--check", action="store_true", help="print the character count and exit")
    args = parser.parse_args()
    chars = character_set()
    print(f"characters: {len(chars)} (GB 2312: {len(gb2312_characters())})")
    if args.check:
        return 0
    for collection, face, stem, style in FACES:
        path = cut(args.source_dir / collection, face, stem, style, chars)
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing = sorted(c for c in chars if ord(c) not in cmap and c not in " \u00a0")
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes, {len(cmap)} code points", end="")
        print(f", not in source: {''.join(missing)!r}" if missing else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
