"""``ecopermit catalog load-zones FILE [--user USERNAME]``: load the drinking-water source protection areas from a
GeoJSON file (C2). Every bad feature is reported with its index; nothing is loaded then (exit status 1)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecopermit.accounts import facade as accounts
from ecopermit.catalog.zones_io import ZoneFileError
from ecopermit.catalog.zones_store import zones_load


class Command(BaseCommand):
    help = "Catalog data: `load-zones FILE` loads protection areas (GeoJSON polygons) for the gate."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-zones", help="load protection areas from a GeoJSON FeatureCollection")
        load.add_argument("file")
        load.add_argument("--user", help="username the load is recorded under")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        actor = None
        if options.get("user"):
            actor = accounts.account_by_username(options["user"])
            if actor is None:
                raise CommandError(f"no such user: {options['user']}")
        try:
            result = zones_load(actor=actor, file_name=path.name, content=path.read_bytes())
        except ZoneFileError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            sys.exit(1)
        self.stdout.write(
            f"{result.zones} protection-area polygons loaded; {result.reclassified} classifications changed, "
            f"{result.excluded} facilities excluded by the gate."
        )
