from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def _date(option: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} 不是有效日期：{text!r}（格式 YYYY-MM-DD）") from None

    return parse


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class Command(BaseCommand):
    help = (
        "Penalty cases (E3). `enforcement daily-penalty --fine AMOUNT --served YYYY-MM-DD --found YYYY-MM-DD "
        '[--corrected YYYY-MM-DD]` prints {"days": N, "amount": X} by Order 28 (days from the day after service '
        "to the re-inspection day, both included; amount = fine × days). `enforcement tick [--today DATE]` sends "
        "the re-inspection reminders. `enforcement document CASE_ID --kind filing|notice|decision --format "
        "docx|pdf --out FILE` renders a case document."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="verb", required=True)
        dp = sub.add_parser(
            "daily-penalty", help="continuous daily penalty for one order/re-inspection period"
        )
        dp.add_argument("--fine", required=True, help="the original fine (yuan)")
        dp.add_argument("--served", required=True, type=_date("--served"), help="order to correct served on")
        dp.add_argument(
            "--found",
            required=True,
            type=_date("--found"),
            help="re-inspection found the violation continuing on",
        )
        dp.add_argument("--corrected", type=_date("--corrected"), help="violation corrected on (optional)")
        tick = sub.add_parser("tick")
        tick.add_argument("--today", type=_date("--today"))
        doc = sub.add_parser("document")
        doc.add_argument("case_id", type=int)
        doc.add_argument("--kind", choices=["filing", "notice", "decision"], required=True)
        doc.add_argument("--format", choices=["docx", "pdf"], required=True)
        doc.add_argument("--out", required=True)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        verb = options["verb"]
        if verb == "daily-penalty":
            return self._daily(options)
        if verb == "tick":
            from ecopermit.enforcement.rounds import enforcement_tick

            counts = enforcement_tick(today=options["today"])
            self.stdout.write(f"re-inspection reminders sent: {counts['reminders']}")
            return None
        return self._document(options)

    def _daily(self, options) -> None:  # type: ignore[no-untyped-def]
        from ecopermit.enforcement.rules.daily import daily_penalty

        try:
            fine = Decimal(options["fine"])
        except InvalidOperation:
            raise CommandError(f"--fine 不是有效金额：{options['fine']!r}（单位：元）") from None
        if not fine.is_finite() or fine <= 0:
            raise CommandError(f"--fine 必须是大于零的原处罚金额（元），收到 {options['fine']!r}")
        served, found = options["served"], options["found"]
        if found < served:
            raise CommandError(
                f"--found（复查发现违法行为之日 {found.isoformat()}）早于 --served（责令改正决定书送达之日 "
                f"{served.isoformat()}）：复查不能先于送达（《环境保护主管部门实施按日连续处罚办法》第十条、第十七条）"
            )
        corrected = options.get("corrected")
        if corrected is not None and corrected < served:
            raise CommandError(f"--corrected（{corrected.isoformat()}）早于 --served（{served.isoformat()}）")
        result = daily_penalty(fine, served, found, corrected_on=corrected)
        self.stdout.write(json.dumps({"days": result.days, "amount": _number(result.total)}))

    def _document(self, options) -> None:  # type: ignore[no-untyped-def]
        from ecopermit.core.errors import DomainError
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
