"""``ecopermit monitoring evaluate [--since DATETIME] [--outlet ID ...]`` and ``ecopermit monitoring electricity``.

evaluate judges the stored readings of every outlet with limits up to the last settled hour (the worker does
this every five minutes); ``--since`` judges again from that moment (alarms are keyed by period: nothing is
raised twice). electricity judges the last ``--days`` of power data (E4). Both print their counts as JSON.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError


def _moment(text: str) -> dt.datetime:
    from ecopermit.monitoring.judge import SHANGHAI

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--since: not a date or date-time: {text!r} (e.g. 2026-11-01 or 2026-11-01T08:00)"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


class Command(BaseCommand):
    help = "Online monitoring: `monitoring evaluate [--since T]` (exceedances, missing data), `monitoring electricity`."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="verb", required=True)
        ev = sub.add_parser("evaluate", help="judge readings against limits")
        ev.add_argument("--since", help="judge again from this local date or date-time (Asia/Shanghai)")
        ev.add_argument("--outlet", type=int, action="append", help="only this outlet id (repeatable)")
        el = sub.add_parser("electricity", help="judge power data: treatment off while production runs")
        el.add_argument("--days", type=float, default=2.0, help="how far back to look (days, default 2)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["verb"] == "evaluate":
            from ecopermit.monitoring.evaluation import evaluate

            since = _moment(options["since"]) if options.get("since") else None
            counts = evaluate(since=since, outlet_ids=options.get("outlet"))
        else:
            from ecopermit.monitoring.services import electricity_evaluate

            counts = {"alarms": electricity_evaluate(lookback=dt.timedelta(days=options["days"]))}
        self.stdout.write(json.dumps(counts))
