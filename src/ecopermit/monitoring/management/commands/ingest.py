"""``ecopermit ingest --host H --port P [--spool DIR] [--archive DIR]``: the HJ 212 listener (M1).

Runs until SIGTERM or SIGINT: then it stops accepting, answers what is already spooled, lets the database
writer drain for a few seconds (the rest stays in the spool for the next start) and exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ecopermit.monitoring.ingest.server import IngestConfig, IngestServer
from ecopermit.monitoring.ingest.store import load_devices


class Command(BaseCommand):
    help = "Run the HJ 212 data-logger listener (asyncio TCP server with an fsync'd spool)."

    def add_arguments(self, parser):
        d = IngestConfig()
        parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")  # noqa: S104
        parser.add_argument("--port", type=int, default=d.port, help=f"TCP port (default {d.port})")
        parser.add_argument(
            "--spool", type=Path, default=None, help="spool directory (ECOPERMIT_INGEST_SPOOL_DIR)"
        )
        parser.add_argument("--archive", type=Path, default=None, help="raw-frame archive directory")
        parser.add_argument("--status-file", type=Path, default=None, help="status snapshot (JSON)")
        parser.add_argument(
            "--max-frame", type=int, default=d.max_data_length, help="largest data segment accepted, bytes"
        )
        parser.add_argument(
            "--frame-deadline", type=float, default=d.frame_deadline, help="seconds to complete a frame"
        )
        parser.add_argument(
            "--idle-timeout",
            type=float,
            default=d.idle_timeout,
            help="close a silent connection after this many seconds",
        )
        parser.add_argument("--max-connections", type=int, default=d.max_connections)
        parser.add_argument(
            "--per-ip-limit", type=int, default=d.per_ip_limit, help="connections per address (0: no cap)"
        )
        parser.add_argument(
            "--commit-window", type=float, default=d.commit_window, help="group-commit window, seconds"
        )
        parser.add_argument(
            "--writer",
            choices=("process", "thread"),
            default="process",
            help="database writer in its own process (default: uses the other core) or a thread",
        )
        parser.add_argument(
            "--auth-block-after",
            type=int,
            default=d.auth_block_after,
            help="refused logins before an address is blocked (0: never)",
        )

    def handle(self, *args, **o):
        logging.getLogger("ecopermit.ingest").setLevel(logging.INFO)
        config = IngestConfig(
            host=o["host"],
            port=o["port"],
            spool_dir=o["spool"] or settings.ECOPERMIT_INGEST_SPOOL_DIR,
            archive_dir=o["archive"] or settings.ECOPERMIT_INGEST_ARCHIVE_DIR,
            status_file=o["status_file"] or settings.ECOPERMIT_INGEST_STATUS_FILE,
            max_data_length=o["max_frame"],
            frame_deadline=o["frame_deadline"],
            idle_timeout=o["idle_timeout"],
            max_connections=o["max_connections"],
            per_ip_limit=o["per_ip_limit"],
            commit_window=o["commit_window"],
            auth_block_after=o["auth_block_after"],
            writer_process=o["writer"] == "process",
        )
        asyncio.run(self._serve(config))

    async def _serve(self, config: IngestConfig) -> None:
        devices = await asyncio.get_running_loop().run_in_executor(None, load_devices)
        server = IngestServer(config, devices)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await server.start()
        self.stdout.write(
            f"HJ 212 监听已启动：{config.host}:{server.bound_port}，已登记数采仪 {len(devices)} 台；"
            f"暂存目录 {config.spool_dir}，原始报文归档 {config.archive_dir}。"
        )
        self.stdout.flush()
        await stop.wait()
        self.stdout.write("收到停止信号：不再接受新连接，正在落盘并写入数据库……")
        await server.stop()
        self.stdout.write(
            f"HJ 212 监听已停止：共收到报文 {server.frames_total} 条，应答 {server.acks_total} 条。"
        )
