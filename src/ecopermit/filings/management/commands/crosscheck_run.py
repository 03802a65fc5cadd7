from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopermit.core import clock
from ecopermit.filings.crosscheck_services import crosscheck_run


class Command(BaseCommand):
    help = (
        "Cross-checks the execution reports of a year against the self-monitoring results and the online data, and "
        "the verified annual emissions against the permitted totals (issue 13). `crosscheck_run [--year YYYY] "
        "[--facility ID]`; without --year last year and this year (the worker runs it nightly). Safe to repeat: "
        "each finding and each problem is raised once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--facility", type=int)

    def handle(self, *args, **options):
        today = clock.today()
        years = [options["year"]] if options["year"] else [today.year - 1, today.year]
        for year in years:
            counts = crosscheck_run(facility_id=options["facility"], year=year)
            self.stdout.write(
                f"{year}: reports checked {counts['reports']}, new findings {counts['findings']}, "
                f"over permitted totals {counts['over_total']}"
            )
