"""The two forms of issue 11 item 4 speak Chinese: their submit buttons have their own words (not the nav's 首页 or
the table header 文件) and every select's empty choice is Chinese."""

from __future__ import annotations

import pytest
from django.utils import translation

from ecopermit.testing.visible_text import button_texts, english_words, option_texts, visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "button"),
    [("/inspections/records/new/", "开始检查"), ("/enforcement/new/", "立案")],
)
def test_buttons_and_options_are_chinese(url, button, personas, login):
    from ecopermit.inspections import services

    officer = personas["officer"]
    services.inspector_register(actor=officer, user=officer, certificate_number="3309020001")
    client = login(officer)
    with translation.override("zh-hans"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    page = response.content.decode()
    buttons = button_texts(page)
    assert button in buttons
    assert "首页" not in buttons and "文件" not in buttons
    options = option_texts(page)
    assert "— 请选择 —" in options
    for text in buttons + options:
        assert not english_words(text), (url, text)


def test_the_helper_sees_what_a_browser_shows():
    html = (
        "<html><head><title>T</title></head><body><script>var x='hidden';</script><p>可见 <b>text</b></p>"
        "<select><option value=''>— 请选择 —<option value='1'>One</select>"
        "<button type='submit'> 提交 </button><input type='submit' value='Go'><div hidden>secret</div></body></html>"
    )
    assert visible_text(html) == "可见 text — 请选择 — One 提交 Go"
    assert option_texts(html) == ["— 请选择 —", "One"]
    assert button_texts(html) == ["提交", "Go"]
    assert english_words("限值 HJ 212 mg/m3 not compliant") == ["not", "compliant"]
