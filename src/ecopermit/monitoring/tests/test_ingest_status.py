"""The listener's status page for the bureau (issue 5: connected devices, frames per second, errors, spool)."""

from __future__ import annotations

import time

import pytest

from ecopermit.monitoring.ingest import status

pytestmark = pytest.mark.django_db


def _snapshot(**extra):  # type: ignore[no-untyped-def]
    now = time.time()
    return {
        "running": True, "pid": 1, "listen": "0.0.0.0:2120", "started_at": now - 60, "updated_at": now,
        "connections": [{"mn": "0100000A8900016F000169DC", "peer": "10.0.0.7:5000", "since": now - 30, "frames": 12}],
        "connection_count": 1, "frames_total": 1234, "accepted_total": 1200, "acks_total": 1199,
        "frames_per_second": 42.5, "errors": {"bad_password": 3, "crc_mismatch": 2}, "paused": False,
        "spool": {"segments": 1, "bytes": 2048},
        "writer": {"db_ok": True, "lag_seconds": 0.2, "uploads": 1190, "duplicates": 10, "readings": 7000,
                   "db_errors": 0, "last_error": "", "pending_splits": 0},
        **extra,
    }  # fmt: skip


def test_officer_sees_the_running_listener(personas, login, settings, tmp_path):  # type: ignore[no-untyped-def]
    """An officer sees connected devices, frames per second, errors by kind in Chinese, spool depth."""
    settings.ECOPERMIT_INGEST_STATUS_FILE = tmp_path / "status.json"
    status.write(settings.ECOPERMIT_INGEST_STATUS_FILE, _snapshot())
    html = login(personas["officer"]).get("/monitoring/ingest/").content.decode()
    assert "0100000A8900016F000169DC" in html and "10.0.0.7:5000" in html
    assert "42.5" in html and "1234" in html and "2.0 KB" in html.replace("\xa0", " ")
    assert "访问密码错误" in html and "运行中" in html
    assert "监听服务未运行" not in html


def test_absent_snapshot_says_not_running(personas, login, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ECOPERMIT_INGEST_STATUS_FILE = tmp_path / "missing.json"
    html = login(personas["leader"]).get("/monitoring/ingest/").content.decode()
    assert "监听服务未运行" in html


def test_stale_snapshot_says_not_running(personas, login, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A snapshot older than the staleness limit (the listener was killed) reads as not running."""
    settings.ECOPERMIT_INGEST_STATUS_FILE = tmp_path / "status.json"
    status.write(settings.ECOPERMIT_INGEST_STATUS_FILE, _snapshot(updated_at=time.time() - 120))
    html = login(personas["officer"]).get("/monitoring/ingest/").content.decode()
    assert "监听服务未运行" in html and "1234" in html


def test_enterprise_user_may_not_see_it(personas, login):  # type: ignore[no-untyped-def]
    assert login(personas["shipyard_manager"]).get("/monitoring/ingest/").status_code == 403


def test_many_connections_page_and_error_kinds_show_no_raw_code(personas, login, settings, tmp_path):  # type: ignore[no-untyped-def]
    """Issue 11 item 12: 400 loggers connected make 14 pages of 30, not one page 15,000 px long; the refused-frame
    kinds read in Chinese with the code only as a tooltip."""
    import re

    now = time.time()
    many = [
        {"mn": f"MN{n:06d}", "peer": f"10.0.{n // 250}.{n % 250}:5000", "since": now - 30, "frames": 1}
        for n in range(400)
    ]
    settings.ECOPERMIT_INGEST_STATUS_FILE = tmp_path / "status.json"
    status.write(settings.ECOPERMIT_INGEST_STATUS_FILE, _snapshot(connections=many, connection_count=400))
    client = login(personas["officer"])
    response = client.get("/monitoring/ingest/")
    assert (
        response.context["page"].paginator.num_pages == 14 and len(response.context["page"].object_list) == 30
    )
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert "MN000000" in text and "MN000030" not in text
    assert "crc_mismatch" not in text and "校验" in text
    assert "MN000399" in client.get("/monitoring/ingest/?page=14").content.decode()
