from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from ecopermit.accounts import services
from ecopermit.accounts.roles import ADMIN_ROLES
from ecopermit.core.errors import DomainError


class Command(BaseCommand):
    help = "Create one of the three administrator accounts (三员). There is no superuser."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True)

    def handle(self, *args, **options):
        password = getpass.getpass("password: ")
        try:
            user = services.user_create(
                actor=None, username=options["username"], display_name=options["name"], password=password
            )
            services.role_grant(actor=None, user=user, role=options["role"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"created {user.username} ({options['role']}); the password must be changed at first login"
        )
