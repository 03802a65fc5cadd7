from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand

from ecopermit.registry.paperwork import paperwork_watch


class Command(BaseCommand):
    help = (
        "Recomputes every facility's permit status from the validity dates of its permits and registrations and "
        "sends the renewal reminders that are due, each once (the worker runs it every night). Prints the counts "
        "as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="the day to judge on (YYYY-MM-DD)")

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(paperwork_watch(today=options["today"])))
