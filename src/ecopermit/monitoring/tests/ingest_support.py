"""Helpers for the listener tests: a registered data logger, a server in a thread, a real TCP client."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ecopermit.monitoring.hj212 import Frame, Framer, encode
from ecopermit.monitoring.ingest.server import IngestConfig, ServerThread
from ecopermit.monitoring.ingest.store import password_hash

MN = "0100000A8900016F000169DC"
PW = "123456"


@pytest.fixture
def dl(db, make_facility) -> Any:  # type: ignore[no-untyped-def]
    from ecopermit.monitoring.models import Datalogger
    from ecopermit.registry.models import Outlet

    facility = make_facility("城东船舶修造有限公司")
    outlet = Outlet.objects.create(
        facility=facility, code="DW001", name="污水总排口", medium="water", kind="main",
        auto_monitoring_installed=True, auto_monitoring_networked=True,
    )  # fmt: skip
    return Datalogger.objects.create(
        mn=MN, facility=facility, outlet=outlet, password_sha256=password_hash(PW)
    )


@pytest.fixture
def ingest_config(tmp_path: Path) -> IngestConfig:
    return IngestConfig(
        host="127.0.0.1",
        port=0,
        spool_dir=tmp_path / "spool",
        archive_dir=tmp_path / "archive",
        status_file=tmp_path / "status.json",
        frame_deadline=2.0,
        idle_timeout=5.0,
        per_ip_limit=0,
        auth_block_after=0,
        status_interval=0.2,
        devices_refresh=3600,
    )


@pytest.fixture
def ingest_server(ingest_config: IngestConfig) -> Iterator[Callable[..., ServerThread]]:
    started: list[ServerThread] = []

    def start(**overrides: Any) -> ServerThread:
        server = ServerThread(replace(ingest_config, **overrides), share_connection=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        if not server.server._stopping:
            server.stop(drain_seconds=2)


def frame(
    cn: str = "2051",
    data_time: str = "20261128100000",
    *,
    mn: str = MN,
    pw: str = PW,
    flag: str = "5",
    qn: str = "20261128100000123",
    values: dict[str, str] | None = None,
) -> bytes:
    cp = {"DataTime": data_time}
    for code, value in (values or {"w01018": "35.2", "w21003": "2.10"}).items():
        cp[f"{code}-Avg" if cn != "2011" else f"{code}-Rtd"] = value
        cp[f"{code}-Flag"] = "N"
    return encode({"QN": qn, "ST": "32", "CN": cn, "PW": pw, "MN": mn, "Flag": flag}, cp)


def connect(server: ServerThread) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_answers(sock: socket.socket, count: int = 1, timeout: float = 5.0) -> list[Frame]:
    """Read until ``count`` answer frames arrived, the peer closed, or ``timeout`` passed."""
    framer = Framer()
    out: list[Frame] = []
    deadline = time.monotonic() + timeout
    while len(out) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            break
        if not data:
            break
        out += [f for f in framer.feed(data) if isinstance(f, Frame)]
    return out


def is_closed(sock: socket.socket, timeout: float = 5.0) -> bool:
    sock.settimeout(timeout)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


def drained(server: ServerThread, timeout: float = 10.0) -> None:
    """Wait until the writer has read everything spooled so far and stored it."""

    def done() -> bool:
        return server.server.writer.idle.is_set() and server.server.writer._retry is None

    time.sleep(0.05)
    wait_for(done, timeout)
