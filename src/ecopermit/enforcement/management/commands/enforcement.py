from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.commandline import CliError
from ecopermit.core.errors import DomainError
from ecopermit.enforcement.rules.cli import add_daily_penalty, daily_penalty, date_option


class Command(BaseCommand):
    help = (
        "Penalty cases (E3). `enforcement daily-penalty --fine AMOUNT --article ART (--served YYYY-MM-DD --found "
        "YYYY-MM-DD | --round SERVED:FOUND [--round SERVED:FOUND ...]) [--corrected YYYY-MM-DD]` prints "
        '{"days": N, "amount": X, "rounds": [...]} by Order 28 (days from the day after the first service to the '
        "last re-inspection finding the violation, both included, accumulating over the rounds; amount = fine × "
        "days); ART as in the case (34, 34(1), 36(4)); an article that is not an unlawful discharge (条例 arts. "
        "33-35) is refused. `enforcement tick [--today DATE]` sends the re-inspection reminders. `enforcement "
        "document CASE_ID --kind filing|notice|decision --format docx|pdf --out FILE` renders a case document."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        add_daily_penalty(sub)
        tick = sub.add_parser("tick")
        tick.add_argument("--today", type=date_option("--today"))
        doc = sub.add_parser("document")
        doc.add_argument("case_id", type=int)
        doc.add_argument("--kind", choices=["filing", "notice", "decision"], required=True)
        doc.add_argument("--format", choices=["docx", "pdf"], required=True)
        doc.add_argument("--out", required=True)

    def handle(self, *args, **options):
        verb = options["verb"]
        if verb == "daily-penalty":
            return self._daily(options)
        if verb == "tick":
            from ecopermit.enforcement.rounds import enforcement_tick

            counts = enforcement_tick(today=options["today"])
            self.stdout.write(f"re-inspection reminders sent: {counts['reminders']}")
            return None
        return self._document(options)

    def _daily(self, options) -> None:
        try:
            self.stdout.write(daily_penalty(options))
        except CliError as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from None

    def _document(self, options) -> None:
        from ecopermit.enforcement.documents import render
        from ecopermit.enforcement.models import PenaltyCase

        case = (
            PenaltyCase.objects.select_related("facility", "facility__town", "officer")
            .filter(pk=options["case_id"])
            .first()
        )
        if case is None:
            raise CommandError(f"没有编号为 {options['case_id']} 的处罚案件")
        try:
            content = render(case, options["kind"], options["format"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"wrote {options['out']} ({len(content)} bytes)")
