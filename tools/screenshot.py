#!/usr/bin/env python3
"""Screenshots of pages of a running EcoPermit server, as one of its users (for looking at the screens).

    tools/screenshot.py --base http://127.0.0.1:8000 --user officer --out var/shots /monitoring/ /cases/

Logs in through the login form, fetches each page's HTML with the session, saves it with a <base> pointing
at the server (so styles, scripts and fonts load from it) and has headless Chromium render it to PNG.
Needs the Debian package ``chromium``. Standard library only.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def session(base: str, user: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": user, "password": password})
    req = urllib.request.Request(  # noqa: S310 (a URL the user gives)
        f"{base}/accounts/login/", data=data.encode(), headers={"Referer": base + "/"}
    )
    opener.open(req).read()
    return opener


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("paths", nargs="+")
    p.add_argument("--base", default="http://127.0.0.1:8000")
    p.add_argument("--user", default="officer")
    p.add_argument("--password", default="Demo!2026")
    p.add_argument("--out", default="var/shots")
    p.add_argument("--width", type=int, default=1400)
    p.add_argument("--height", type=int, default=1000)
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    opener = session(a.base, a.user, a.password) if a.user != "-" else urllib.request.build_opener()
    for path in a.paths:
        try:
            html = opener.open(a.base + path).read().decode()
        except urllib.error.HTTPError as e:
            print(f"{path}: HTTP {e.code}")
            continue
        html = html.replace("<head>", f'<head><base href="{a.base}/">', 1)
        name = a.user + "_" + (re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home")
        page = out / f"{name}.html"
        page.write_text(html)
        png = out / f"{name}.png"
        subprocess.run(  # noqa: S603
            ["chromium", "--headless", "--no-sandbox", "--lang=zh-CN", "--disable-gpu", "--hide-scrollbars",  # noqa: S607
             f"--window-size={a.width},{a.height}", "--virtual-time-budget=3000",
             f"--screenshot={png.resolve()}", page.resolve().as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
        print(png)


if __name__ == "__main__":
    main()
