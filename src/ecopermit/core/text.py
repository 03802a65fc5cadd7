"""Chinese official text, joined from pieces: one full stop at the end, never two (issue 11 item 3)."""

from __future__ import annotations

_STOPS = "。.．;；，,、 \t\n"
# Words an older release wrote into problem descriptions in English, with their Chinese.
LEGACY_ENGLISH = {"not compliant": "不符合要求"}


def chinese(text: str) -> str:
    """The text with the English words of `LEGACY_ENGLISH` written in Chinese."""
    for en, zh in LEGACY_ENGLISH.items():
        text = text.replace(en, zh)
    return text


def clause(text: str) -> str:
    """The text without its trailing full stop(s), to be joined into a longer sentence."""
    return chinese(text or "").rstrip(_STOPS)


def sentence(text: str) -> str:
    """The text as one sentence: ending in exactly one 。 (an empty text stays empty)."""
    body = clause(text)
    if not body:
        return ""
    return body if body.endswith(("？", "！")) else body + "。"
