from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopermit.accounts.services import users_disable_dormant


class Command(BaseCommand):
    help = "Disable accounts not used for --days days (default 90) and end their sessions (等保 DJB-AC-1)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, **options):
        names = users_disable_dormant(actor=None, days=options["days"])
        self.stdout.write(f"disabled {len(names)} dormant account(s): {', '.join(names) or '-'}")
