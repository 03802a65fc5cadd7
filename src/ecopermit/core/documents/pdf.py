"""HTML → PDF with WeasyPrint and the project's own Chinese fonts.

The fonts are the GB 2312 cuts of Noto Serif SC in ecopermit/static/fonts (see FONTS.md there),
so a machine without Chinese fonts renders correctly. WeasyPrint subsets every embedded font on
every render: with the system's HarfBuzz-Subset a warm render takes ~0.07 s; without it (fontTools)
~1.4 s with the cut against ~5.5 s with the full system faces (bench/documents.py). Characters
outside the cut fall back to the system "Noto Serif CJK SC" / "Noto Sans CJK SC" through the
family list, so a rare name character costs time, not text.

The FontConfiguration and the @font-face stylesheet are built once per process: building them
copies the font files into a temporary fontconfig directory. WeasyPrint and Pango make no promise
about sharing one font map between threads, so renders in one process take a lock.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONT_FAMILY = "Noto Serif SC GB2312"
FONT_FILES = {
    "normal": FONT_DIR / "NotoSerifSC-GB2312-Regular.otf",
    "bold": FONT_DIR / "NotoSerifSC-GB2312-Bold.otf",
}
# What a stylesheet names: the vendored cut first, then the system faces for rare characters.
FONT_STACK = f'"{FONT_FAMILY}", "Noto Serif CJK SC", "Noto Sans CJK SC", serif'

_lock = threading.Lock()
_fonts: tuple[FontConfiguration, CSS] | None = None


def font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: normal;'
        f' src: url("{path.as_uri()}") format("opentype"); }}'
        for weight, path in FONT_FILES.items()
    )


def _font_setup() -> tuple[FontConfiguration, CSS]:
    global _fonts
    if _fonts is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        for path in FONT_FILES.values():
            if not path.is_file():
                raise FileNotFoundError(f"{path} is missing: run tools/cut_cjk_font.py")
        config = FontConfiguration()
        _fonts = config, CSS(string=font_face_css(), font_config=config)
        atexit.register(_release_fonts)
    return _fonts


def _release_fonts() -> None:
    # Drop the configuration while the interpreter is whole: its finaliser removes the temporary
    # font directory, and fails noisily if it only runs during interpreter teardown.
    global _fonts
    _fonts = None


def _quiet_progress() -> None:
    # WeasyPrint logs seven "Step n" lines a render at INFO, and fontTools' subsetter (used when
    # HarfBuzz-Subset is missing) dozens; keep them out of the site's logs unless the LOGGING
    # setting names those loggers.
    for name in ("weasyprint.progress", "fontTools.subset"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes. Relative URLs resolve against base_url."""
    _quiet_progress()  # before the import: importing parses the user-agent stylesheets
    from weasyprint import HTML

    with _lock:
        config, fonts = _font_setup()
        document = HTML(string=html, base_url=base_url)
        return document.write_pdf(stylesheets=[fonts], font_config=config)
