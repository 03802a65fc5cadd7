"""``ecopermit classify FILE|-`` — classify facility profiles against the permit catalog (MISSION C1, C2, C4).

Reads one profile (a JSON object) or a JSON list of profiles from FILE, or from standard input when FILE is
``-``, and prints the result (an object) or the results (a list, in the same order) as JSON. The fields are
those of issue 3; ``src/ecopermit/catalog/editions/<edition>/profile.schema.json`` documents every profile
field and the rows that read it.

Exit status 0 when every profile was classified; 2 when the input is not JSON or a profile is invalid: the
message (on standard error) names the profile's position in a list and the field. In a list, the valid
profiles are still classified and an invalid one's place holds ``{"error": {"field": …, "message": …}}``.

The database is not touched: the gate judges with the package's protection zones (``catalog/zones/``), as the
command always has, not with zones the bureau loaded (those are in the database; the site's classification
uses them). ``ecopermit.cli`` calls ``main`` without ``django.setup()``; the management command ``classify``
wraps the same ``add_arguments`` and ``handle``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from ecopermit.catalog.editions import EditionError, edition, edition_in_force
from ecopermit.catalog.engine import classify
from ecopermit.catalog.profile import ProfileError, parse_profile
from ecopermit.core.commandline import CliError, run

HELP = (
    "Classify facility profiles (JSON, one object or a list; '-' reads standard input) against the catalog."
)
USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", help="JSON file with one profile or a list of profiles; '-' for standard input"
    )
    parser.add_argument(
        "--on",
        metavar="YYYY-MM-DD",
        help="classify under the edition in force on this date (default today)",
    )
    parser.add_argument(
        "--edition", metavar="ID", help="classify under this edition (e.g. 2019) whatever the date"
    )
    parser.add_argument(
        "--indent", type=int, default=2, help="JSON indentation (0: one line per result list)"
    )


def handle(options: argparse.Namespace, stdin: IO[bytes], write: Callable[[str], object]) -> None:
    """Classifies and writes the JSON text (with its final newline); ``CliError`` (status 2) on bad input, after
    writing the results of a list's valid profiles."""
    on = _date(options.on)
    try:
        ed = edition(options.edition) if options.edition else edition_in_force(on)
    except EditionError as e:
        raise CliError(str(e), returncode=USAGE_ERROR) from None
    data = _read(options.file, stdin)

    errors: list[str] = []

    def one(item: Any, where: str) -> dict[str, Any]:
        try:
            return classify(parse_profile(item), ed, on).to_json()
        except ProfileError as e:
            errors.append(f"{where}{e.field}: {e.message}")
            return {"error": {"field": e.field, "message": e.message}}

    if isinstance(data, list):
        # Classifying makes no reference cycles; pausing the cyclic collector spares a long list the
        # repeated full collections over its growing results (a third of the time at 100,000 profiles).
        gc.disable()
        try:
            result: Any = [one(item, f"profile [{i}] ") for i, item in enumerate(data)]
        finally:
            gc.enable()
    else:
        result = one(data, "profile ")
    write(json.dumps(result, ensure_ascii=False, indent=options.indent or None) + "\n")
    if errors:
        raise CliError("invalid profile: " + "; ".join(errors), returncode=USAGE_ERROR)


def main(argv: Sequence[str]) -> int:
    """``ecopermit classify ...`` (``argv``: the arguments after ``classify``); ``NotFast`` for Django's path."""

    def run_it(options: argparse.Namespace) -> None:
        handle(options, sys.stdin.buffer, lambda text: sys.stdout.buffer.write(text.encode()))
        sys.stdout.buffer.flush()

    return run("ecopermit classify", add_arguments, run_it, argv)


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--on: not a date (YYYY-MM-DD): {text!r}", returncode=USAGE_ERROR) from None


def _read(name: str, stdin: IO[bytes]) -> Any:
    try:
        raw = stdin.read() if name == "-" else Path(name).read_bytes()
    except OSError as e:
        raise CliError(f"cannot read {name}: {e.strerror}", returncode=USAGE_ERROR) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CliError(f"{name}: not UTF-8 text", returncode=USAGE_ERROR) from None
    except json.JSONDecodeError as e:
        raise CliError(
            f"{name}: not JSON: {e.msg} at line {e.lineno} column {e.colno}", returncode=USAGE_ERROR
        ) from None
