"""Every screen is in Chinese: the zh_Hans catalogue has a translation for every msgid, no fuzzy guesses,
and the compiled .mo matches the .po (so a forgotten `make messages` fails here, not in front of a user)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LC = Path(__file__).resolve().parent.parent / "src" / "ecopermit" / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries() -> dict[tuple[str, str | None], str]:
    text = (LC / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1], "fuzzy entries in django.po: translate them"
    entries = {}
    for block in text.split("\n\n")[1:]:
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        if msgid and msgid.group(1):
            key = (msgid.group(1), context.group(1) if context else None)
            entries[key] = msgstr.group(1) if msgstr else ""
    return entries


def test_every_msgid_is_translated():
    untranslated = [k for k, v in _po_entries().items() if not v]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po():
    with (LC / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for (msgid, context), msgstr in _po_entries().items():
        if "%(" in msgid and "_plural" in msgid:
            continue
        text = msgid.replace('\\"', '"')
        got = catalogue.pgettext(context, text) if context else catalogue.gettext(text)
        assert got == msgstr.replace('\\"', '"'), f"{msgid!r}: .mo has {got!r}; run `make messages`"
