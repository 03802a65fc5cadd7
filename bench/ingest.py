"""HJ 212 listener end to end (never part of `make test`). Prints its figures.

.venv/bin/python bench/ingest.py                                # SQLite (var/bench-ingest.sqlite3)
TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/ingest.py   # + PostgreSQL
BENCH_INGEST_CONNECTIONS=1000 BENCH_INGEST_FRAMES=50 BENCH_INGEST_WINDOW=4 .venv/bin/python bench/ingest.py

What runs: a fresh database with 1,000 registered data loggers; the real listener (`ecopermit ingest`) in its
own process; 1,000 TCP connections from this process (asyncio), each sending BENCH_INGEST_FRAMES minute-data
frames (2051, six pollutants, Flag=5: answer requested) with up to BENCH_INGEST_WINDOW frames awaiting their
answer (a logger waits for each 9014; the window stands for several loggers behind one connection).
Measured:

- answered: frames per second acknowledged with 9014, i.e. fsync'd to the spool (the listener answers only
  then): the first frame sent to the last answer received;
- stored: frames per second until every frame is in the database (Upload + 6 Readings each), the listener's
  writer draining the spool behind the answers;
- then every Upload and Reading is counted: none may be missing. The listener is stopped with SIGTERM and
  must exit 0.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CONNECTIONS = int(os.environ.get("BENCH_INGEST_CONNECTIONS", "1000"))
FRAMES = int(os.environ.get("BENCH_INGEST_FRAMES", "50"))
WINDOW = int(os.environ.get("BENCH_INGEST_WINDOW", "4"))
POLLUTANTS = ("w00000", "w01001", "w01018", "w21003", "w21011", "w21001")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup_database(url: str) -> None:
    """Migrate a fresh database and register the loggers (in a child process: Django reads the URL once)."""
    code = f"""
import os
os.environ["DATABASE_URL"] = {url!r}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ecopermit.core.models import Town
from ecopermit.core.services import district_file, district_load
from ecopermit.monitoring.ingest.store import password_hash
from ecopermit.monitoring.models import Datalogger
from ecopermit.registry.credit_code import make_credit_code
from ecopermit.registry.models import Facility, Outlet
district_load(actor=None, data=district_file("dinghai"))
town = Town.objects.order_by("pk").first()
facility = Facility.objects.create(name="基准测试排污单位", credit_code=make_credit_code("B0000001"), town=town,
                                   primary_industry="3735", lat=30.0, lon=122.1)
Outlet.objects.bulk_create([Outlet(facility=facility, code=f"DW{{i:04d}}", name="污水排口", medium="water",
                                   kind="main") for i in range({CONNECTIONS})])
outlets = list(Outlet.objects.filter(facility=facility).order_by("code"))
Datalogger.objects.bulk_create([Datalogger(mn=f"BENCH{{i:019d}}", facility=facility, outlet=o,
                                           password_sha256=password_hash("123456")) for i, o in enumerate(outlets)])
"""
    subprocess.run([str(BIN / "python"), "-c", code], check=True, cwd=ROOT)  # noqa: S603 — our own code


def count_rows(url: str) -> tuple[int, int]:
    code = f"""
import os
os.environ["DATABASE_URL"] = {url!r}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
import django
django.setup()
from ecopermit.monitoring.models import Reading, Upload
print(Upload.objects.count(), Reading.objects.count())
"""
    argv = [str(BIN / "python"), "-c", code]
    out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    uploads, readings = out.stdout.split()
    return int(uploads), int(readings)


def frames_for(index: int) -> list[bytes]:
    sys.path.insert(0, str(ROOT / "src"))
    from ecopermit.monitoring.hj212 import encode

    mn = f"BENCH{index:019d}"
    out = []
    for n in range(FRAMES):
        day, minute = divmod(n, 1440)
        stamp = f"202611{1 + day:02d}{minute // 60:02d}{minute % 60:02d}00"
        cp = {"DataTime": stamp}
        for k, code in enumerate(POLLUTANTS):
            base = 10 + k + (index % 7)
            cp[f"{code}-Min"] = f"{base * 0.9:.2f}"
            cp[f"{code}-Avg"] = f"{base:.2f}"
            cp[f"{code}-Max"] = f"{base * 1.1:.2f}"
            cp[f"{code}-Flag"] = "N"
        header = {
            "QN": f"{stamp}{n % 1000:03d}",
            "ST": "32",
            "CN": "2051",
            "PW": "123456",
            "MN": mn,
            "Flag": "5",
        }
        out.append(encode(header, cp))
    return out


class Client(asyncio.Protocol):
    def __init__(self, frames: list[bytes], done: asyncio.Future[None]) -> None:
        self.frames = frames
        self.sent = 0
        self.acked = 0
        self.done = done
        self.transport: asyncio.Transport | None = None
        self.tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self._send(WINDOW)

    def _send(self, n: int) -> None:
        n = min(n, len(self.frames) - self.sent)
        if n > 0:
            assert self.transport is not None
            self.transport.write(b"".join(self.frames[self.sent : self.sent + n]))
            self.sent += n

    def data_received(self, data: bytes) -> None:
        data = self.tail + data
        got = data.count(b"CN=9014")
        self.tail = data[-8:]
        self.tail = b"" if b"CN=9014" in self.tail else self.tail
        self.acked += got
        self._send(got)
        if self.acked >= len(self.frames) and not self.done.done():
            self.done.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_exception(ConnectionError(f"closed after {self.acked} answers"))


async def drive(port: int, frames: list[list[bytes]]) -> tuple[float, int]:
    loop = asyncio.get_running_loop()
    clients = []
    futures = []
    started = time.perf_counter()
    for batch in range(0, len(frames), 100):  # connect in waves: the accept backlog is finite
        for f in frames[batch : batch + 100]:
            done: asyncio.Future[None] = loop.create_future()
            futures.append(done)
            _t, client = await loop.create_connection(lambda f=f, d=done: Client(f, d), "127.0.0.1", port)
            clients.append(client)
    await asyncio.wait_for(asyncio.gather(*futures), timeout=600)
    elapsed = time.perf_counter() - started
    for c in clients:
        c.transport.close()
    return elapsed, sum(c.acked for c in clients)


def status(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def run(label: str, url: str) -> bool:
    work = ROOT / "var" / f"bench-ingest-{label}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t0 = time.perf_counter()
    setup_database(url)
    print(f"[{label}] database ready with {CONNECTIONS} data loggers ({time.perf_counter() - t0:.1f} s)")
    frames = [frames_for(i) for i in range(CONNECTIONS)]
    total = CONNECTIONS * FRAMES
    port = free_port()
    status_file = work / "status.json"
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    listener = subprocess.Popen(  # noqa: S603
        [*os.environ.get("BENCH_INGEST_PREFIX", "").split(), str(BIN / "ecopermit"), "ingest", "--host", "127.0.0.1", "--port", str(port), "--spool", str(work / "spool"),
         "--archive", str(work / "archive"), "--status-file", str(status_file), "--per-ip-limit", "0",
         "--max-connections", str(CONNECTIONS + 100)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "listener.log", "wb"),  # noqa: SIM115
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not status(status_file).get("running"):
            if time.monotonic() > deadline or listener.poll() is not None:
                print(f"[{label}] listener did not start; see {work / 'listener.log'}")
                return False
            time.sleep(0.2)
        cpu0 = os.times()
        elapsed, acked = asyncio.run(drive(port, frames))
        cpu1 = os.times()
        print(f"[{label}] {CONNECTIONS} connections × {FRAMES} frames (window {WINDOW}) = {total} frames")
        print(
            f"[{label}] answered (fsync'd to the spool): {acked} in {elapsed:.2f} s = {acked / elapsed:,.0f} frames/s"
        )
        print(f"[{label}]   client process CPU {cpu1.user - cpu0.user + cpu1.system - cpu0.system:.1f} s")
        start_wait = time.perf_counter()
        deadline = time.monotonic() + 600
        while True:
            s = status(status_file)
            w = s.get("writer", {})
            if (
                w.get("uploads", 0) + w.get("duplicates", 0) >= total
                and s.get("spool", {}).get("bytes", 1) == 0
            ):
                break
            if time.monotonic() > deadline:
                print(f"[{label}] writer did not finish: {w}")
                break
            time.sleep(0.2)
        stored = elapsed + time.perf_counter() - start_wait
        print(f"[{label}] stored in the database (Upload + 6 readings each): {total / stored:,.0f} frames/s end to end "
              f"({stored:.1f} s; {total * len(POLLUTANTS) / stored:,.0f} readings/s)")  # fmt: skip
    finally:
        listener.send_signal(signal.SIGTERM)
        try:
            code = listener.wait(60)
        except subprocess.TimeoutExpired:
            listener.kill()
            code = -9
    uploads, readings = count_rows(url)
    ok = acked == total and uploads == total and readings == total * len(POLLUTANTS) and code == 0
    print(f"[{label}] in the database: {uploads} uploads, {readings} readings; expected {total} and "
          f"{total * len(POLLUTANTS)}; listener exit code {code} → {'NONE LOST' if ok else 'MISMATCH'}")  # fmt: skip
    return ok


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    db = ROOT / "var" / "bench-ingest.sqlite3"
    for p in db.parent.glob("bench-ingest.sqlite3*"):
        p.unlink()
    ok = run("sqlite", f"sqlite:///{db}")
    pg = os.environ.get("TEST_POSTGRES_URL")
    if pg:
        import psycopg

        base = pg.rsplit("/", 1)[0]
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS ecopermit_bench_ingest")
            conn.execute("CREATE DATABASE ecopermit_bench_ingest")
        ok = run("postgresql", f"{base}/ecopermit_bench_ingest") and ok
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
