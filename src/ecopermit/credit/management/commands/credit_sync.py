from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.errors import DomainError
from ecopermit.credit import services


class Command(BaseCommand):
    help = (
        "Collects the credit events from every source (penalty decisions, transfers, rectification cases, problems, "
        "online-monitoring alarms, inspections) and, with --evaluate, proposes the levels of the previous year (or "
        "of --year). Safe to repeat: each source row is counted once. The worker runs the collection nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--evaluate", action="store_true", help="propose the levels after collecting")
        parser.add_argument("--year", type=int, help="the evaluation year (default: the previous year)")

    def handle(self, *args, **options):
        result = services.credit_events_sync(actor=None)
        self.stdout.write(
            f"新增信用事件 {result.created} 条，撤销 {result.withdrawn} 条，严重事件即时重评 {result.reevaluated} 家。"
        )
        if options["evaluate"] or options["year"]:
            year = options["year"]
            period = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else None
            try:
                done = services.credit_evaluate(actor=None, period=period)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"提出信用等级 {done.proposed} 家，结果未变 {done.unchanged} 家。")
