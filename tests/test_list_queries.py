"""Every main list view costs the same number of queries for 2 rows as for 6 (issue 12: no N+1 on a list).

Each list is loaded as the people who use it, with the district grown from 2 facilities (each with a problem on an
open case, a notification and audit events) to 6; the query count must not change.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.cases.facade import problem_raise
from ecopermit.core.audit.services import audit_record
from ecopermit.core.notify import notify

pytestmark = pytest.mark.django_db

# (who, list, a text only the grown district shows: the test proves the rows are on the page)
LISTS = [
    ("officer", "/inventory/", "测试5号有限公司"),
    ("officer", "/inventory/?q=有限公司", "测试5号有限公司"),
    ("officer", "/cases/", "测试5号有限公司"),
    ("officer", "/cases/lists/problems/", "第5个问题"),
    ("officer", "/notifications/", "通知5"),
    ("town_chengdong", "/inventory/", "测试5号有限公司"),
    ("town_chengdong", "/cases/lists/problems/", "第5个问题"),
    ("auditadmin", "/audit/", "enterprise5"),
    ("sysadmin", "/accounts/users/", "enterprise5"),
]


def _grow(personas, make_facility, make_user, count: int, start: int) -> None:
    from ecopermit.accounts.roles import Role

    officer = personas["officer"]
    for n in range(start, start + count):
        facility = make_facility(f"测试{n}号有限公司", "城东街道")
        problem_raise(
            actor=officer,
            facility_id=facility.pk,
            kind="over_standard",
            description=f"第{n}个问题",
            source="manual",
            required_action="整改",
        )
        notify([officer], f"通知{n}", "/inventory/")
        audit_record(
            actor=make_user(Role.ENTERPRISE, f"enterprise{n}"), action="facility.update", obj=facility
        )


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize(("who", "url", "grown"), LISTS)
def test_a_list_costs_the_same_queries_for_more_rows(
    client, login, personas, make_facility, make_user, who, url, grown
):
    login(personas[who])
    _grow(personas, make_facility, make_user, 2, 0)
    _queries(client, url)  # warm: session, caches
    small, page = _queries(client, url)
    assert grown not in page
    _grow(personas, make_facility, make_user, 4, 2)
    large, page = _queries(client, url)
    assert grown in page, f"{url}: the grown rows are not on the page"
    assert large == small, f"{url}: {small} queries for 2 rows, {large} for 6"
