"""Official-document rendering times (never part of `make test`). Prints its figures.

.venv/bin/python bench/documents.py            # 10 PDF and 10 DOCX renders of the sample notice
BENCH_RENDERS=50 .venv/bin/python bench/documents.py
BENCH_FONTTOOLS=1 .venv/bin/python bench/documents.py   # as on a machine without libharfbuzz-subset

The first PDF render of a process builds the font configuration (copies the vendored fonts into
fontconfig's temporary directory, loads them); later renders reuse it.
"""

from __future__ import annotations

import io
import logging
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")

import django

N = int(os.environ.get("BENCH_RENDERS", "10"))


def report(label: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    if len(ms) == 1:
        print(f"{label:<50} {ms[0]:9.1f} ms")
    else:
        print(
            f"{label:<50} {statistics.median(ms):9.1f} ms (median of {len(ms)}, min {min(ms):.1f}, max {max(ms):.1f})"
        )


def timed(fn, n: int) -> tuple[list[float], bytes]:  # type: ignore[no-untyped-def]
    samples, out = [], b""
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        samples.append(time.perf_counter() - t0)
    return samples, out


def pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    t0 = time.perf_counter()
    import weasyprint
    from weasyprint.pdf import fonts as pdf_fonts

    imported = time.perf_counter() - t0
    if os.environ.get("BENCH_FONTTOOLS"):
        pdf_fonts.harfbuzz_subset = None  # WeasyPrint then subsets with fontTools
        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its per-font warning about that

    from ecopermit.core.documents import render_official
    from ecopermit.core.documents.sample import sample_notice

    hb = "HarfBuzz-Subset" if pdf_fonts.harfbuzz_subset else "fontTools (no HarfBuzz-Subset: slower)"
    print(f"python {sys.version.split()[0]}, WeasyPrint {weasyprint.__version__}, font subsetting by {hb}")
    context = sample_notice()
    rare = {**context, "addressee": "舟山市定海区䦅𬒗水产有限公司"}

    report("import weasyprint (once a process: Pango, stylesheets)", [imported])
    first, _ = timed(lambda: render_official(context, "pdf"), 1)
    report("PDF, first render (+ font configuration)", first)
    warm, pdf = timed(lambda: render_official(context, "pdf"), N)
    report(f"PDF, warm renders ({pages(pdf)} pages)", warm)
    one_page = {**context, "items": context["items"][:1], "closing": [], "cc": ""}
    warm, one = timed(lambda: render_official(one_page, "pdf"), N)
    report(f"PDF, warm renders ({pages(one)} page, one problem)", warm)
    fallback, _ = timed(lambda: render_official(rare, "pdf"), max(3, N // 3))
    report("PDF with characters outside GB 2312 (fallback)", fallback)
    docx_samples, docx = timed(lambda: render_official(context, "docx"), N)
    report("DOCX renders", docx_samples)
    print(f"{'sizes':<50} PDF {len(pdf) / 1024:.0f} KiB, DOCX {len(docx) / 1024:.0f} KiB")
    print(f"{'peak resident memory':<50} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:9.1f} MB")


if __name__ == "__main__":
    main()
