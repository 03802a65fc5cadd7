"""No visible English on any page, for any role, outside codes and proper names (issue 11 "the standard to keep";
MISSION R6). Every URL is walked as in test_every_url; each HTML page's visible text (not scripts, styles, code,
``.mono`` cells, attributes) is searched for English words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import get_resolver

from tests.test_every_url import _concrete, _sample, _walk, with_cases  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

#: Words that stay in Latin letters on Chinese screens: codes, units, standards, formats, product and data names.
ALLOWED = {
    "MN",
    "HJ",
    "GB",
    "CRC",
    "PDF",
    "DOCX",
    "XLSX",
    "Excel",
    "CSV",
    "JSON",
    "GeoJSON",
    "API",
    "URL",
    "IP",
    "TCP",
    "COD",
    "BOD",
    "NOx",
    "SO2",
    "NH3",
    "VOCs",
    "VOC",
    "PM",
    "TSP",
    "pH",
    "mg",
    "m3",
    "kg",
    "kWh",
    "kW",
    "km",
    "mu",
    "Nm3",
    "TOTP",
    "OTP",
    "GSHHG",
    "LGPL",
    "EcoPermit",
    "Zs",
    "ZsAvg",
    "Avg",
    "Rtd",
    "CN",
    "ST",
    "QN",
    "PW",
    "DataTime",
    "Leaflet",
    "OpenAPI",
    "Swagger",
    "ECharts",
    "DEMO",
    "UTC",
    "ISO",
    "Google",
    "Microsoft",
    "Authenticator",
    "JPEG",
    "PNG",
    "WGS",
    "xlsx",
    "xls",
    "pdf",
    "docx",
    "FeatureCollection",
    "Polygon",
    "MultiPolygon",
}
#: Tokens that are codes or file names as a whole: anything with a digit (DA001, a21026, SAMPLE-1) or an extension.
CODE_TOKEN = re.compile(r"\S*\d\S*|[\w.-]+\.(?:xlsx|xls|pdf|docx|jpg|jpeg|png|csv|json|geojson|zip)\b", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
SKIP = {"script", "style", "code", "pre", "svg", "textarea", "noscript", "template"}


class _Visible(HTMLParser):
    """Visible text; in an account picker's options (``<option>``) the accounts' usernames count as codes."""

    def __init__(self, usernames: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text skipped
        self.parts: list[str] = []
        self.usernames = usernames
        self.in_option = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"):
            return
        self.in_option = tag == "option"
        classes = (dict(attrs).get("class") or "").split()
        skipped = (self.stack[-1] if self.stack else False) or tag in SKIP or "mono" in classes
        self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self.in_option = False
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            if self.in_option:
                data = " ".join(w for w in re.split(r"[\s()（）]+", data) if w not in self.usernames)
            self.parts.append(data)


def english_words(html: str, usernames: frozenset[str] = frozenset()) -> list[str]:
    parser = _Visible(usernames)
    parser.feed(html)
    text = CODE_TOKEN.sub(" ", " ".join(parser.parts))
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED})


def test_the_checker_finds_english_and_ignores_codes():
    html = (
        '<p>排污单位 not compliant</p><td class="mono">DA001 a21026</td><script>var x = "hello"</script>'
        "<p>MN 号 SAMPLE-1 survey.xlsx</p>"
    )
    assert english_words(html) == ["compliant", "not"]
    picker = "<select><option>张三（zhangsan）</option></select><p>zhangsan</p>"
    assert english_words(picker, frozenset({"zhangsan"})) == ["zhangsan"]  # in the text, not in the picker


@pytest.mark.parametrize(
    "persona",
    [
        "officer",
        "shipyard_manager",
        "town_chengdong",
        "dept_jxj",
        "agency",
        "sysadmin",
        "secadmin",
        "auditadmin",
    ],
)
def test_no_page_shows_english(persona, with_cases, client):  # noqa: F811
    from ecopermit.accounts.models import User

    personas = with_cases
    # People are shown by name (issue 11 item 11): give everyone a Chinese name, so a username left on a page shows.
    for n, u in enumerate(User.objects.order_by("pk")):
        User.objects.filter(pk=u.pk).update(display_name=f"张{'一二三四五六七八九十'[n % 10]}{n}")
    user = personas[persona]
    client.force_login(user)
    found: dict[str, list[str]] = {}
    for route, name, _callback in _walk(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue
        url = _concrete(route, _sample(personas, name, user))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        usernames = frozenset(
            User.objects.values_list("username", flat=True)
        )  # samples add accounts on the way
        words = english_words(response.content.decode(), usernames)
        if words:
            found[url] = words
    assert found == {}, "\n".join(f"{u}: {w}" for u, w in sorted(found.items()))
