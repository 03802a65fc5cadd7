from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopermit.cases import services
from ecopermit.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Rectification cases. `cases tick [--today YYYY-MM-DD]` sends the due reminders and escalates overdue "
        "cases (the worker runs it daily). `cases notice CASE_ID --format docx|pdf --out FILE` renders the case's "
        "current rectification notice."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        tick = sub.add_parser("tick")
        tick.add_argument("--today", type=dt.date.fromisoformat)
        notice = sub.add_parser("notice")
        notice.add_argument("case_id", type=int)
        notice.add_argument("--format", choices=["docx", "pdf"], required=True)
        notice.add_argument("--out", required=True)

    def handle(self, *args, **options):
        if options["verb"] == "tick":
            counts = services.cases_tick(today=options["today"])
            self.stdout.write(
                f"reminders sent: {counts['reminders']}, cases escalated: {counts['escalated']}"
            )
            return
        from ecopermit.cases.documents import render_current_notice

        try:
            content = render_current_notice(options["case_id"], options["format"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"wrote {options['out']} ({len(content)} bytes)")
