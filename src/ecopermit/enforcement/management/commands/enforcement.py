from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.errors import DomainError


def _date(option: str):
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} 不是有效日期：{text!r}（格式 YYYY-MM-DD）") from None

    return parse


def _round(text: str) -> tuple[dt.date, dt.date]:
    served, sep, found = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return dt.date.fromisoformat(served.strip()), dt.date.fromisoformat(found.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--round 应写作 送达日:复查日（YYYY-MM-DD:YYYY-MM-DD），收到 {text!r}"
        ) from None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


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
        dp = sub.add_parser(
            "daily-penalty", help="continuous daily penalty over one or more order/re-inspection rounds"
        )
        dp.add_argument("--fine", required=True, help="the original fine (yuan)")
        dp.add_argument(
            "--article",
            help="the violated article of the 条例 as in the case: 34, 34(1), 36(4) (only arts. 33-35 qualify)",
        )
        dp.add_argument("--served", type=_date("--served"), help="order to correct served on (one round)")
        dp.add_argument(
            "--found",
            type=_date("--found"),
            help="re-inspection found the violation continuing on (one round)",
        )
        dp.add_argument(
            "--round",
            dest="rounds",
            action="append",
            type=_round,
            default=[],
            metavar="SERVED:FOUND",
            help="one round: order served on : re-inspection found it continuing on (repeat, in order)",
        )
        dp.add_argument(
            "--corrected", type=_date("--corrected"), help="violation corrected on (optional, last round)"
        )
        tick = sub.add_parser("tick")
        tick.add_argument("--today", type=_date("--today"))
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
        from ecopermit.enforcement.rules import daily

        try:
            fine = Decimal(options["fine"])
        except InvalidOperation:
            raise CommandError(f"--fine 不是有效金额：{options['fine']!r}（单位：元）") from None
        if not fine.is_finite() or fine <= 0:
            raise CommandError(f"--fine 必须是大于零的原处罚金额（元），收到 {options['fine']!r}")
        if not options.get("article"):
            raise CommandError(
                "请用 --article 写明原处罚适用的《排污许可管理条例》条款（如 34、34(1)）：按日连续处罚只适用于"
                "违法排放污染物行为（条例第三十八条、《环境保护主管部门实施按日连续处罚办法》第五条）"
            )
        try:
            article, item = daily.parse_article(options["article"])
        except ValueError as exc:
            raise CommandError(f"--article {exc}") from None
        verdict = daily.eligibility(article, item)
        if not verdict.allowed:
            raise CommandError(verdict.message_zh)
        pairs = self._rounds(options)
        corrected = options.get("corrected")
        if corrected is not None and corrected < pairs[0][0]:
            raise CommandError(
                f"--corrected（{corrected.isoformat()}）早于首次责令改正违法行为决定书送达（{pairs[0][0].isoformat()}）"
            )
        try:
            series = daily.count_rounds(fine, pairs, corrected_on=corrected)
        except ValueError as exc:
            raise CommandError(
                f"{exc}（《环境保护主管部门实施按日连续处罚办法》第十条、第十四条、第十七条）"
            ) from None
        rounds = [
            {
                "round": n,
                "served": served.isoformat(),
                "found": found.isoformat(),
                "from": r.start.isoformat() if r.start else None,
                "to": r.end.isoformat() if r.end else None,
                "days": r.days,
                "amount": _number(r.total),
            }
            for n, ((served, found), r) in enumerate(zip(pairs, series.rounds, strict=True), start=1)
        ]
        out = {"days": series.days, "amount": _number(series.total), "rounds": rounds}
        self.stdout.write(json.dumps(out, ensure_ascii=False))

    @staticmethod
    def _rounds(options) -> list[tuple[dt.date, dt.date]]:
        served, found, rounds = options.get("served"), options.get("found"), options["rounds"]
        if rounds and (served or found):
            raise CommandError("--served/--found（一轮）与 --round（多轮）只能选一种写法")
        if rounds:
            return rounds
        if served is None or found is None:
            raise CommandError("请给出 --served 与 --found，或者一个以上的 --round 送达日:复查日")
        if found < served:
            raise CommandError(
                f"--found（复查发现违法行为之日 {found.isoformat()}）早于 --served（责令改正决定书送达之日 "
                f"{served.isoformat()}）：复查不能先于送达（《环境保护主管部门实施按日连续处罚办法》第十条、第十七条）"
            )
        return [(served, found)]

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
