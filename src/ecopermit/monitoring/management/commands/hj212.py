"""``ecopermit hj212 decode [--lines]`` and ``ecopermit hj212 encode``: ``monitoring/hj212/cli.py`` does the work
(and documents the output); this is the Django face of it, for ``call_command`` and ``manage.py``. The console
script runs that module directly, without loading the site (issue 12)."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.commandline import CliError
from ecopermit.monitoring.hj212 import cli


class Command(BaseCommand):
    help = cli.HELP
    requires_system_checks: list[str] = []  # pure computation: no models, no database

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
            sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8 (RFC 8259); names may be Chinese
        try:
            cli.handle(argparse.Namespace(**options), sys.stdin.buffer, self._write, self._write_bytes)
        except CliError as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from exc

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")

    def _write_bytes(self, data: bytes) -> None:
        target = getattr(self.stdout, "_out", None)
        buffer = getattr(target, "buffer", None)
        if target is None or buffer is None:  # captured output (call_command(stdout=StringIO()))
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        target.flush()
        buffer.write(data)
        buffer.flush()
