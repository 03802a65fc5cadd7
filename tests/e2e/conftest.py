"""Browser journeys (issue 12): pytest-playwright driving the system Chromium (Debian package `chromium`, installed by
tools/system-deps.sh) against the live server. A failing step leaves a screenshot and the page's HTML in
var/test-results/ (pytest-playwright's --screenshot, and our own page dump named after the step)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parents[2] / "var" / "test-results"

# Flags for a sandbox without network: without the background-networking ones Chromium keeps dialling out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="needs the Debian package chromium (tools/system-deps.sh)")
        for item in items:
            if "tests/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1440, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session", autouse=True)
def _sync_orm_beside_playwright() -> None:
    """Playwright's sync API keeps an event loop running in this thread from its first use to the end of the
    session, so every later ORM call (the test's set-up and checks, the database flush between tests) would trip
    Django's async guard. The journeys therefore run in a pytest process of their own (`-m e2e`, the main run
    deselects them: tools/run-tests.sh), and only that process lifts the guard, so the rest of the suite keeps it."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if page is None:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / re.sub(r"\W+", "_", item.nodeid).strip("_")
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        report.sections.append(("browser", f"screenshot {stem}.png, page {stem}.html, at {page.url}"))
    except Exception as exc:  # the page may be gone with the failure; the report still stands
        report.sections.append(("browser", f"no screenshot: {exc}"))


@pytest.fixture
def live(live_server: Any, transactional_db: None) -> Iterator[Any]:
    """The live server on a database emptied after each journey. The audit log's append-only triggers (core migration
    0002) refuse the flush that empties it, so they are lifted for that flush only and set again before the next
    journey: during the journey the database refuses an audit UPDATE or DELETE as in production."""
    from importlib import import_module

    from django.db import connection

    triggers = import_module("ecopermit.core.migrations.0002_audit_append_only")
    create = {"sqlite": triggers.SQLITE, "postgresql": triggers.POSTGRES}.get(connection.vendor, [])
    drop = {"sqlite": triggers.SQLITE_REVERSE, "postgresql": triggers.POSTGRES_REVERSE}.get(
        connection.vendor, []
    )
    with connection.cursor() as cursor:
        for sql in [*drop, *create]:
            cursor.execute(sql)
    yield live_server
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the journeys run on a database file, not the in-memory one: the live server answers the browser
    from several threads at once (a streaming import, the next page, its session), and an in-memory shared-cache
    database refuses a second writer at once ("table is locked") where a file waits its turn (WAL, busy timeout:
    the production settings). Seen once in CI, a year ahead, as a 500 on the facility page after an import."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("e2e") / "journeys.sqlite3")
