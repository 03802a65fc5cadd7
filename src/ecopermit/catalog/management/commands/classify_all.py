from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from ecopermit.catalog.services import classification_refresh_many


class Command(BaseCommand):
    help = (
        "Classify every facility of the inventory under the catalog edition in force today and keep the results "
        "(a new result only where the profile, the edition or the class changed)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary = classification_refresh_many(actor=None)
        seconds = time.perf_counter() - started
        by_class = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_class.items()))
        self.stdout.write(
            f"classified {summary.checked} facilities in {seconds:.1f} s; {summary.changed} new results; {by_class}"
        )
