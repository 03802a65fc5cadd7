"""The product's own error pages, in Chinese, also in the demo (issue 11 item 6; MISSION R6)."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import RequestFactory
from django.utils import translation

from ecopermit.site.views import server_error


def visible_text(html: str) -> str:
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_an_unknown_url_shows_the_products_404_in_chinese(client, personas):
    client.force_login(personas["officer"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "404" in text and "页面不存在" in text
    assert "URLconf" not in response.content.decode()
    assert "Not found" not in text


def test_the_500_page_renders_without_the_request_context_in_chinese():
    with translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = visible_text(response.content.decode())
    assert "500" in text and "系统管理员" in text


def test_the_demo_runs_with_debug_off_so_it_shows_these_pages():
    script = (Path(__file__).resolve().parents[1] / "tools" / "demo.sh").read_text(encoding="utf-8")
    assert 'export DEBUG="${DEBUG:-0}"' in script
    assert "runserver --insecure" in script
