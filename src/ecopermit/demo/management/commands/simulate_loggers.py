"""``ecopermit simulate-loggers --count N --host H --port P [--rate R] [--once] [--seed S]`` (also
``simulate_loggers``): realistic HJ 212-2017 traffic from the demo data loggers (see ingest/simulator.py)."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from django.core.management.base import BaseCommand, CommandError

from ecopermit.demo.dataloggers import demo_password
from ecopermit.monitoring.ingest.simulator import SimLogger, SimStats, run
from ecopermit.monitoring.ingest.store import password_hash
from ecopermit.monitoring.models import Datalogger
from ecopermit.registry.models import OutletLimit


def demo_loggers(count: int | None) -> list[SimLogger]:
    """The demo data loggers whose password is the documented demo password, with their outlets' limits."""
    loggers = []
    queryset = (
        Datalogger.objects.filter(active=True, facility__is_demo=True).select_related("outlet").order_by("mn")
    )
    for dl in queryset:
        password = demo_password(dl.mn)
        if dl.password_sha256 != password_hash(password):
            continue  # not a demo device (or its password was changed): the simulator cannot speak for it
        limits: dict[str, float] = {}
        converted: dict[str, float] = {}
        for code, value, is_converted, ref in OutletLimit.objects.filter(outlet_id=dl.outlet_id).values_list(
            "pollutant_code", "value", "converted", "reference_o2"
        ):
            limits[code] = min(float(value), limits.get(code, float("inf")))
            if is_converted and ref is not None:
                converted[code] = float(ref)
        loggers.append(SimLogger(dl.mn, password, dl.outlet.medium, limits, converted))
        if count is not None and len(loggers) >= count:
            break
    return loggers


class Command(BaseCommand):
    help = "Simulate the demo data loggers: HJ 212-2017 minute/hourly/daily data sent to the listener."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=None, help="how many demo loggers (default: all)")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2120)
        parser.add_argument(
            "--rate", type=float, default=60.0,
            help="simulated seconds per real second while catching up with the clock (default 60)",
        )  # fmt: skip
        parser.add_argument(
            "--backfill", type=float, default=24.0, help="start this many hours ago (default 24)"
        )
        parser.add_argument(
            "--once", action="store_true", help="send one minute and one hourly packet per logger, then exit"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--exceed", type=float, default=0.03, help="chance an hour exceeds a limit (default 0.03)"
        )
        parser.add_argument("--fault", type=float, default=0.01, help="chance of an instrument-fault flag")
        parser.add_argument("--bad-crc", type=float, default=0.005, help="chance of a packet with a bad CRC")
        parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds")

    def handle(self, *args, **o):
        loggers = demo_loggers(o["count"])
        if not loggers:
            raise CommandError("没有可模拟的演示数采仪：请先运行 `ecopermit load_demo`。")
        self.stdout.write(
            f"模拟数采仪 {len(loggers)} 台 → {o['host']}:{o['port']}"
            + (
                "（各发送一条分钟数据和一条小时数据）"
                if o["once"]
                else f"（回补 {o['backfill']:g} 小时，加速 {o['rate']:g} 倍）"
            )
        )
        self.stdout.flush()
        stats = SimStats()
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(self._run(loggers, o, stats))
        self.stdout.write(
            f"已发送 {stats.sent} 条，收到应答 {stats.answered} 条，未应答 {stats.unanswered} 条，"
            f"故意发送错误校验码 {stats.bad_crc} 条，重连 {stats.reconnects} 次。"
        )
        if o["once"] and stats.unanswered:
            raise CommandError("部分报文未收到应答：监听服务是否已启动？")

    async def _run(self, loggers, o, stats):
        task = asyncio.ensure_future(
            run(
                loggers, o["host"], o["port"], seed=o["seed"], rate=o["rate"], backfill_hours=o["backfill"],
                once=o["once"], exceed=o["exceed"], fault=o["fault"], bad_crc=o["bad_crc"],
                duration=o["duration"], stats=stats,
            )
        )  # fmt: skip
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await task
