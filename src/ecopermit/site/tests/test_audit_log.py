"""The audit log in words (issue 11 item 5): actions, roles and objects named, filters by choice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from ecopermit.core.audit.services import audit_record
from ecopermit.testing.visible_text import visible_text

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(dt.datetime(2026, 5, 11, 9, 30))


@pytest.fixture
def events(personas):
    officer = personas["officer"]
    officer.display_name = "王芳"
    officer.save(update_fields=["display_name"])
    with time_machine.travel(T0, tick=False) as traveller:
        audit_record(actor=officer, action="login.success")
        audit_record(actor=officer, action="notice.issue", obj=personas["shipyard"])
        traveller.shift(dt.timedelta(days=3))
        audit_record(actor=personas["leader"], action="penalty.decide", obj=personas["fish"])
        audit_record(actor=None, action="login.failure", outcome="failure", extra={"username": "x"})
    return personas


def _page(client, login, personas, query=""):
    login(personas["auditadmin"])
    response = client.get("/audit/" + query)
    assert response.status_code == 200
    return response


def test_the_log_names_actions_roles_people_and_objects(client, login, events):
    text = visible_text(_page(client, login, events).content)
    for words in ("登录成功", "下达通知", "作出处罚决定", "登录失败", "王芳", "分局业务人员", "排污单位"):
        assert words in text, words
    for code in ("login.success", "bureau_officer", "registry.facility", "penalty.decide"):
        assert code not in text, code


def test_filters_are_choices_and_narrow_the_log(client, login, events):
    html = _page(client, login, events).content.decode()
    assert (
        '<select name="family"' in html
        and '<select name="action"' in html
        and '<select name="object_type"' in html
    )
    assert "<optgroup" in html  # actions grouped by area
    rows = lambda response: response.context["page"].paginator.count  # noqa: E731
    assert rows(_page(client, login, events, "?family=login")) == 2
    assert rows(_page(client, login, events, "?action=penalty.decide")) == 1
    assert rows(_page(client, login, events, "?object_type=registry.facility")) == 2
    assert rows(_page(client, login, events, "?outcome=failure")) == 1
    assert rows(_page(client, login, events, "?since=2026-05-14&until=2026-05-14")) == 2
    assert rows(_page(client, login, events, "?until=2026-05-11")) == 2


def test_a_wrong_filter_says_so_and_shows_everything(client, login, events):
    response = _page(client, login, events, "?since=2026-05-14&until=2026-05-11&action=no.such")
    form = response.context["form"]
    assert "until" in form.errors and "action" in form.errors
    assert "结束日期早于开始日期" in response.content.decode()


def test_only_the_audit_administrator_reads_it(client, login, events):
    login(events["officer"])
    assert client.get("/audit/").status_code == 403
