"""``ecopermit flows derive [--facility ID …]``: derive problems from the inventory now (what the worker does daily).

Prints one JSON object: the keys raised, proposed as fixed and reported, per run.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ecopermit.flows.services import problems_derive_many


class Command(BaseCommand):
    help = "Work that spans apps: `derive` problems from the inventory (一查)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        derive = sub.add_parser("derive", help="derive problems for every facility, or the ones given")
        derive.add_argument("--facility", type=int, action="append", help="facility id (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = problems_derive_many(actor=None, facility_ids=options.get("facility"))
        self.stdout.write(
            json.dumps(
                {
                    "raised": len(result.raised),
                    "proposed_fixed": len(result.proposed_fixed),
                    "reported": len(result.reported),
                },
                ensure_ascii=False,
            )
        )
