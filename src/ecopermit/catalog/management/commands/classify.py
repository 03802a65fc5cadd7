"""``ecopermit classify FILE|-``: ``catalog/cli.py`` does the work (and documents the contract); this is its
Django face, for ``call_command`` and ``manage.py``. The console script runs that module directly, without
loading the site (issue 12)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecopermit.catalog import cli
from ecopermit.core.commandline import CliError

USAGE_ERROR = cli.USAGE_ERROR


class Command(BaseCommand):
    help = cli.HELP
    requires_system_checks: list[str] = []  # pure computation: no models, no database

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cli.handle(argparse.Namespace(**options), sys.stdin.buffer, self._write)
        except CliError as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from None

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")
