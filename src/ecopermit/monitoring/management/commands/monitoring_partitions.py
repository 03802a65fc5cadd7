"""``ecopermit monitoring_partitions [--ahead N] [--from YYYY-MM]``: create the readings table's missing
monthly partitions on PostgreSQL (the worker also does it daily). Nothing to do on SQLite."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ecopermit.monitoring.ingest.partitions import ensure_partitions


class Command(BaseCommand):
    help = "Create the missing monthly partitions of the readings table (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ahead", type=int, default=3, help="months after this one to prepare (default 3)"
        )
        parser.add_argument(
            "--from", dest="start", default=None, help="first month YYYY-MM (default 2020-01)"
        )

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            self.stdout.write("数据库不是 PostgreSQL：监测数据表不分区，无需操作。")
            return
        start = None
        if o["start"]:
            try:
                year, month = (int(x) for x in o["start"].split("-"))
                start = date(year, month, 1)
            except ValueError as exc:
                raise CommandError(f"--from 应为 YYYY-MM，收到 {o['start']!r}") from exc
        created = ensure_partitions(ahead=o["ahead"], start=start)
        self.stdout.write(f"新建月分区 {len(created)} 个" + (f"：{', '.join(created)}" if created else "。"))
