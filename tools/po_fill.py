"""Fill empty msgstr entries of a .po file from a TSV of `english<TAB>chinese` lines (first match wins).

  python tools/po_fill.py src/ecopermit/locale/zh_Hans/LC_MESSAGES/django.po translations.tsv
Prints the msgids still untranslated. Plural entries get the same Chinese text for every form.
Expects the file written by `makemessages --no-wrap` (one line per msgid).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def unescape(s: str) -> str:
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _drop_fuzzy(lines: list[str]) -> list[str]:
    """msgmerge guesses ("fuzzy") are wrong more often than right for short labels: start them afresh."""
    out: list[str] = []
    fuzzy = False
    for line in lines:
        if line.startswith("#, fuzzy"):
            fuzzy = True
            rest = line.replace("#, fuzzy", "#").replace("# , ", "#, ").rstrip(", ")
            if rest not in ("#", "#,"):
                out.append(rest)
            continue
        if line.startswith("#|"):
            continue
        if fuzzy and line.startswith("msgstr"):
            line = re.sub(r'"(.*)"$', '""', line)
            fuzzy = False
        out.append(line)
    return out


def main(po_path: str, tsv_path: str) -> int:
    table: dict[str, str] = {}
    for line in Path(tsv_path).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            en, zh = line.split("\t", 1)
            table.setdefault(en, zh)
    lines = _drop_fuzzy(Path(po_path).read_text(encoding="utf-8").splitlines())
    out, missing, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^msgid "(.*)"$', line)
        if m and m.group(1):
            msgid = unescape(m.group(1))
            out.append(line)
            i += 1
            if lines[i].startswith("msgid_plural"):
                out.append(lines[i])
                i += 1
                forms = []
                while i < len(lines) and lines[i].startswith("msgstr["):
                    forms.append(lines[i])
                    i += 1
                zh = table.get(msgid)
                if zh is not None and all(f.endswith('""') for f in forms):
                    forms = [re.sub(r'""$', f'"{escape(zh)}"', f) for f in forms]
                elif all(f.endswith('""') for f in forms):
                    missing.append(msgid)
                out.extend(forms)
                continue
            if lines[i] == 'msgstr ""' and (i + 1 >= len(lines) or not lines[i + 1].startswith('"')):
                zh = table.get(msgid)
                if zh is None:
                    missing.append(msgid)
                    out.append(lines[i])
                else:
                    out.append(f'msgstr "{escape(zh)}"')
                i += 1
                continue
            continue
        out.append(line)
        i += 1
    text = "\n".join(out) + "\n"
    text = re.sub(r'"Plural-Forms: .*\\n"', '"Plural-Forms: nplurals=1; plural=0;\\\\n"', text)
    Path(po_path).write_text(text, encoding="utf-8")
    for msgid in missing:
        print(msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
