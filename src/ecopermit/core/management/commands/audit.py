from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` checks the hash chain and exits 1 if any row was changed."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if report.ok:
            self.stdout.write(f"audit chain OK: {report.checked} events verified")
            return
        for problem in report.problems:
            self.stderr.write(f"event #{problem.seq}: {problem.reason}")
        raise CommandError(
            f"audit chain BROKEN: {len(report.problems)} problem(s) in {report.checked} events"
        )
