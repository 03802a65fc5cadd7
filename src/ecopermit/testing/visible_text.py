"""What a person sees on a rendered page, for tests that check the words (issue 11: no English in the screens).

`visible_text(html)` returns the text a browser shows: script, style, template and head content dropped, the
labels of buttons (including `<input type="submit" value=…>`) kept. `button_texts`, `option_texts` pick the texts
of submit buttons and select options. `english_words(text)` lists the runs of Latin letters that are words (not
codes such as `HJ 212`, units, or proper names passed in `allowed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template", "head", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.hidden = 0
        self.all: list[str] = []
        self.buttons: list[str] = []
        self.options: list[str] = []
        self._button: list[str] | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input":
            if (
                (a.get("type") or "").lower() in {"submit", "button", "reset"}
                and a.get("value")
                and not self.hidden
            ):
                self.all.append(a["value"] or "")
                self.buttons.append((a["value"] or "").strip())
            return
        if tag in _VOID:
            return
        if tag in {"option", "li", "p", "tr", "td", "th"} and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)  # an unclosed <option> (or <li>, <p>, …) ends where the next one starts
        if "hidden" in a and tag not in {"input"}:
            self.hidden += 1
            self.stack.append(tag + "#hidden")
            return
        self.stack.append(tag)
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "button":
            self._button = []
        elif tag == "option":
            self._option = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Close up to the matching tag (tolerates unclosed <option>, <li>, <p>).
        while self.stack:
            top = self.stack.pop()
            name = top.split("#", 1)[0]
            if top.endswith("#hidden") or name in _HIDDEN:
                self.hidden -= 1
            self._close(name)
            if name == tag:
                break

    def _close(self, name: str) -> None:
        if name == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None
        elif name == "option" and self._option is not None:
            self.options.append(" ".join("".join(self._option).split()))
            self._option = None

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.all.append(data)
        if self._button is not None:
            self._button.append(data)
        if self._option is not None:
            self._option.append(data)

    def finish(self) -> None:
        self.close()
        while self.stack:
            self._close(self.stack.pop().split("#", 1)[0])


def _parse(html: str | bytes) -> _Collector:
    if isinstance(html, bytes):
        html = html.decode()
    c = _Collector()
    c.feed(html)
    c.finish()
    return c


def visible_text(html: str | bytes) -> str:
    """The page's visible text, whitespace collapsed to single spaces."""
    return " ".join(" ".join(_parse(html).all).split())


def button_texts(html: str | bytes) -> list[str]:
    """The labels of every `<button>` and submit/button `<input>`."""
    return [t for t in _parse(html).buttons if t]


def option_texts(html: str | bytes) -> list[str]:
    """The texts of every `<option>` in every select."""
    return _parse(html).options


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# Codes, units and abbreviations that are fine in Chinese official text.
CODES = frozenset(
    {
        "HJ",
        "GB",
        "PDF",
        "DOCX",
        "XLSX",
        "CSV",
        "ID",
        "pH",
        "COD",
        "BOD",
        "NOx",
        "SO",
        "NH",
        "mg",
        "kg",
        "m",
        "t",
        "h",
        "d",
        "L",
        "km",
        "MW",
        "kW",
        "kWh",
        "No",
        "CRC",
        "TCP",
        "URL",
        "IP",
        "GPS",
        "QR",
        "VOCs",
        "VOC",
        "PM",
        "sha",
        "EcoPermit",
    }
)


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words in `text` that are neither codes (`CODES`) nor in `allowed` (proper names)."""
    ok = set(CODES) | set(allowed)
    return [w for w in _WORD.findall(text) if w not in ok and not w.isupper()]
