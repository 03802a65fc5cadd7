"""Each disclosure list costs the same number of queries for 2 rows as for 6 (no N+1), as tests/test_list_queries.py
asks of every list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.core import clock
from ecopermit.disclosure import services

pytestmark = pytest.mark.django_db

LISTS = [
    ("officer", "/disclosure/notices/"),
    ("officer", "/disclosure/reports/"),
    ("town_chengdong", "/disclosure/reports/"),
    ("officer", "/disclosure/items/"),
    ("shipyard_manager", "/disclosure/items/"),
    ("officer", "/disclosure/open-days/"),
    ("shipyard_manager", "/disclosure/open-days/"),
    (None, "/public/notices/"),
    (None, "/public/open-days/"),
    (None, "/public/notices/feed.atom"),
]


def _grow(personas, start: int, count: int) -> None:
    officer, manager, shipyard = personas["officer"], personas["shipyard_manager"], personas["shipyard"]
    kinds = ["plan", "acceptance", "emissions", "standards", "facilities", "plan", "acceptance"]
    for n in range(start, start + count):
        notice = services.notice_create(actor=officer, kind="news", title=f"公告{n}", body=f"<p>正文{n}</p>")
        services.notice_move(actor=officer, notice_id=notice.pk, target="published")
        services.error_report_submit(
            record_kind="facility", record_ref=f"R{n}", facility_id=shipyard.pk, what_is_wrong=f"错误{n}"
        )
        services.disclosure_publish(
            actor=manager,
            facility_id=shipyard.pk,
            kind=kinds[n],
            title=f"事项{n}",
            text="内容",
            statement_accepted=True,
        )
        start_at = clock.now() + dt.timedelta(days=5 + n)
        services.open_day_announce(
            actor=manager,
            facility_id=shipyard.pk,
            title=f"开放日{n}",
            starts_at=start_at,
            ends_at=start_at + dt.timedelta(hours=2),
            place="东门",
            capacity=10,
        )


@pytest.mark.parametrize("who, url", LISTS)
def test_same_queries_for_2_rows_as_for_6(who, url, personas, login, client):
    def count() -> int:
        if who:
            login(personas[who])
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(personas, 0, 2)
    small = count()
    _grow(personas, 2, 4)
    assert count() == small
