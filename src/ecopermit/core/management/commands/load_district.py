from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core.errors import DomainError
from ecopermit.core.services import district_file, district_load


class Command(BaseCommand):
    help = "Load a district's jurisdiction file: a bundled name (dinghai) or the path of a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("district", nargs="?", default="dinghai")

    def handle(self, *args, **options):
        try:
            district = district_load(actor=None, data=district_file(options["district"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{district.name}: {district.towns.count()} towns/streets, {district.parks.count()} parks, "
            f"{district.departments.count()} departments"
        )
