"""The main pages fit a phone: at 390 px nothing makes the page scroll sideways (issue 11 item 1 and "the standard
to keep"; MISSION R6). Headless Chromium renders each page as its user sees it and reports the document's width;
a wide table may scroll inside its own container, the page may not."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_every_url import with_cases  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("chromium") is None, reason="needs the Debian package chromium (tools/system-deps.sh)"
    ),
]

WIDTH = 390
PROBE = """<script>addEventListener("load", () => setTimeout(() => {
  const w = innerWidth, scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 1
    && !scrolls(e)).slice(0, 6).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
  const narrow = [...document.querySelectorAll(".card:not(.stat)")].filter((e) => e.offsetParent !== null
    && e.getBoundingClientRect().width < 0.6 * w).slice(0, 6)
    .map((e) => e.className + " " + Math.round(e.getBoundingClientRect().width) + " px");
  document.body.setAttribute("data-probe",
    JSON.stringify({width: document.documentElement.scrollWidth, w, wide, narrow}));
}, 50));</script>"""


STATIC = Path(__file__).resolve().parents[2] / "src" / "ecopermit" / "static"


def _render(client, path: str, out: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The page as the client's user gets it, its styles and scripts read from the source tree, rendered by
    Chromium at phone width; the probe's findings."""
    response = client.get(path, follow=True)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    html = response.content.decode()
    html = re.sub(r'(src|href)="/static/', lambda m: f'{m.group(1)}="{STATIC.as_uri()}/', html)
    html = html.replace("</body>", PROBE + "</body>", 1)
    page = (out / (re.sub(r"\W+", "_", path).strip("_") or "home")).with_suffix(".html")
    page.write_text(html, encoding="utf-8")
    dom = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--lang=zh-CN",
            "--allow-file-access-from-files",
            f"--window-size={WIDTH},844",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, f"{path}: the probe did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("persona", ["officer", "shipyard_manager"])
def test_main_pages_fit_a_phone(persona, with_cases, client, tmp_path):  # noqa: F811
    """Nothing scrolls the page sideways, and no card is squeezed below 60 % of the screen's width."""
    personas = with_cases
    client.force_login(personas[persona])
    facility = personas["shipyard"]
    case = facility.cases.first()
    pages = [
        "/",
        "/inventory/",
        f"/inventory/facilities/{facility.pk}/",
        "/cases/",
        f"/cases/{case.pk}/",
        "/monitoring/",
        "/monitoring/declarations/",
        "/notifications/",
        "/filings/",
        f"/filings/selfmon/{facility.pk}/",
        f"/filings/ledger/{facility.pk}/",
    ]
    if persona == "officer":
        pages += [
            "/monitoring/devices/",
            "/inspections/records/",
            "/enforcement/",
            "/catalog/coverage/",
            "/cases/lists/problems/",
            "/inventory/map/",
            "/filings/findings/",
            "/filings/selfmon/results/",
            "/filings/settings/",
            "/filings/bulk/",
        ]
    problems = {}
    for path in pages:
        probe = _render(client, path, tmp_path)
        if probe["width"] > probe["w"]:
            problems[path] = f"{probe['width']} px wide: {', '.join(probe['wide'])}"
        elif probe["narrow"]:
            problems[path] = f"squeezed: {', '.join(probe['narrow'])}"
    assert problems == {}, "\n".join(f"{p}: {why}" for p, why in problems.items())
