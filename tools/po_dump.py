"""Write the translated entries of a .po file as `english<TAB>chinese` lines, the input of tools/po_fill.py.

  python tools/po_dump.py some/django.po > translations.tsv
Used when two branches both added translations: take one side's .po, regenerate, and fill from the other's dump.
Entries whose text holds a newline or a tab are skipped (TSV cannot carry them); po_fill then lists them as missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from po_fill import unescape


def pairs(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    msgid = None
    for line in text.splitlines():
        m = re.match(r'^msgid "(.*)"$', line)
        if m:
            msgid = unescape(m.group(1))
            continue
        m = re.match(r'^msgstr(?:\[0\])? "(.*)"$', line)
        if m and msgid:
            zh = unescape(m.group(1))
            if zh and not any(c in msgid + zh for c in "\t\n"):
                out.append((msgid, zh))
            msgid = None
    return out


def main(po_path: str) -> int:
    for en, zh in pairs(Path(po_path).read_text(encoding="utf-8")):
        print(f"{en}\t{zh}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
