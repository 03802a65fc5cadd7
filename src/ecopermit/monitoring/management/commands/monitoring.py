"""``ecopermit monitoring evaluate [--since DATETIME] [--outlet ID ...]``, ``ecopermit monitoring electricity``
and ``ecopermit monitoring judge --limits FILE``.

evaluate judges the stored readings of every outlet with limits up to the last settled hour (the worker does
this every five minutes); ``--since`` judges again from that moment (alarms are keyed by period: nothing is
raised twice). electricity judges the last ``--days`` of power data (E4). Both print their counts as JSON.
judge reads hourly HJ 212 packets (CN=2061) on standard input and prints one verdict per hour and limit as a
JSON line, without a database (``judge_cli``; exit status 2 on bad input, naming the line or the limit).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

USAGE_ERROR = 2


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
    help = (
        "Online monitoring: `monitoring evaluate [--since T]` (exceedances, missing and abnormal data), "
        "`monitoring electricity`, `monitoring judge --limits FILE < packets`."
    )
    requires_system_checks: list[str] = []  # judge is pure; evaluate and electricity need no checks either

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        ev = sub.add_parser("evaluate", help="judge readings against limits")
        ev.add_argument("--since", help="judge again from this local date or date-time (Asia/Shanghai)")
        ev.add_argument("--outlet", type=int, action="append", help="only this outlet id (repeatable)")
        el = sub.add_parser("electricity", help="judge power data: treatment off while production runs")
        el.add_argument("--days", type=float, default=2.0, help="how far back to look (days, default 2)")
        ju = sub.add_parser("judge", help="judge hourly HJ 212 packets (stdin, one per line) against limits")
        ju.add_argument(
            "--limits", required=True, help="JSON file: a list of limits (see docs/monitoring.md)"
        )

    def handle(self, *args, **options):
        if options["verb"] == "judge":
            self._judge(options["limits"])
            return
        if options["verb"] == "evaluate":
            from ecopermit.monitoring.evaluation import evaluate

            since = _moment(options["since"]) if options.get("since") else None
            counts = evaluate(since=since, outlet_ids=options.get("outlet"))
        else:
            from ecopermit.monitoring.services import electricity_evaluate

            counts = {"alarms": electricity_evaluate(lookback=dt.timedelta(days=options["days"]))}
        self.stdout.write(json.dumps(counts))

    def _judge(self, limits_file: str) -> None:
        from ecopermit.monitoring.judge_cli import JudgeInputError, run

        try:
            data = json.loads(Path(limits_file).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"--limits {limits_file}: {exc.strerror}", returncode=USAGE_ERROR) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"--limits {limits_file}: not JSON: {exc}", returncode=USAGE_ERROR) from None
        stdin = sys.stdin.buffer
        try:
            out = run(stdin, data, limits_file)
        except JudgeInputError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        for line in out:
            self.stdout.write(line)
