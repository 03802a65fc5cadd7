"""``ecopermit enforcement daily-penalty``: the days and amount of a continuous daily penalty (按日连续处罚), on
the command line and without Django (issue 12).

``--fine AMOUNT --article ART (--served YYYY-MM-DD --found YYYY-MM-DD | --round SERVED:FOUND ...)
[--corrected YYYY-MM-DD]`` prints ``{"days": N, "amount": X, "rounds": [...]}`` by Order 28 (``daily``). Refusals
are ``CliError`` (Chinese, naming the article of the law), exit status 1.

``ecopermit.cli`` calls ``main`` without ``django.setup()``; the management command ``enforcement`` adds the
same subcommand with ``add_daily_penalty`` and runs ``daily_penalty`` for ``call_command``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from ecopermit.core.commandline import CliError, run
from ecopermit.enforcement.rules import daily


def date_option(option: str) -> Callable[[str], dt.date]:
    """An argparse type: an ISO date, or the error naming the option (in Chinese, as the refusals are)."""

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


def add_daily_penalty(sub: Any) -> None:
    """The ``daily-penalty`` subcommand on a subparsers action (``parser.add_subparsers(...)``)."""
    dp = sub.add_parser(
        "daily-penalty", help="continuous daily penalty over one or more order/re-inspection rounds"
    )
    dp.add_argument("--fine", required=True, help="the original fine (yuan)")
    dp.add_argument(
        "--article",
        help="the violated article of the 条例 as in the case: 34, 34(1), 36(4) (only arts. 33-35 qualify)",
    )
    dp.add_argument("--served", type=date_option("--served"), help="order to correct served on (one round)")
    dp.add_argument(
        "--found",
        type=date_option("--found"),
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
        "--corrected", type=date_option("--corrected"), help="violation corrected on (optional, last round)"
    )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def daily_penalty(options: dict[str, Any]) -> str:
    """The JSON text (one line, no newline) for the parsed options; ``CliError`` when refused."""
    try:
        fine = Decimal(options["fine"])
    except InvalidOperation:
        raise CliError(f"--fine 不是有效金额：{options['fine']!r}（单位：元）") from None
    if not fine.is_finite() or fine <= 0:
        raise CliError(f"--fine 必须是大于零的原处罚金额（元），收到 {options['fine']!r}")
    if not options.get("article"):
        raise CliError(
            "请用 --article 写明原处罚适用的《排污许可管理条例》条款（如 34、34(1)）：按日连续处罚只适用于"
            "违法排放污染物行为（条例第三十八条、《环境保护主管部门实施按日连续处罚办法》第五条）"
        )
    try:
        article, item = daily.parse_article(options["article"])
    except ValueError as exc:
        raise CliError(f"--article {exc}") from None
    verdict = daily.eligibility(article, item)
    if not verdict.allowed:
        raise CliError(verdict.message_zh)
    pairs = _rounds(options)
    corrected = options.get("corrected")
    if corrected is not None and corrected < pairs[0][0]:
        raise CliError(
            f"--corrected（{corrected.isoformat()}）早于首次责令改正违法行为决定书送达（{pairs[0][0].isoformat()}）"
        )
    try:
        series = daily.count_rounds(fine, pairs, corrected_on=corrected)
    except ValueError as exc:
        raise CliError(
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
    return json.dumps(
        {"days": series.days, "amount": _number(series.total), "rounds": rounds}, ensure_ascii=False
    )


def _rounds(options: dict[str, Any]) -> list[tuple[dt.date, dt.date]]:
    served, found, rounds = options.get("served"), options.get("found"), options["rounds"]
    if rounds and (served or found):
        raise CliError("--served/--found（一轮）与 --round（多轮）只能选一种写法")
    if rounds:
        return list(rounds)
    if served is None or found is None:
        raise CliError("请给出 --served 与 --found，或者一个以上的 --round 送达日:复查日")
    if found < served:
        raise CliError(
            f"--found（复查发现违法行为之日 {found.isoformat()}）早于 --served（责令改正决定书送达之日 "
            f"{served.isoformat()}）：复查不能先于送达（《环境保护主管部门实施按日连续处罚办法》第十条、第十七条）"
        )
    return [(served, found)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_daily_penalty(parser.add_subparsers(dest="verb", required=True))


def main(argv: Sequence[str]) -> int:
    """``ecopermit enforcement daily-penalty ...`` (``argv``: after ``enforcement``); ``NotFast`` for Django."""

    def run_it(options: argparse.Namespace) -> None:
        sys.stdout.buffer.write((daily_penalty(vars(options)) + "\n").encode())
        sys.stdout.buffer.flush()

    return run("ecopermit enforcement", add_arguments, run_it, argv)
