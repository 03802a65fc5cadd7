"""The ``ecopermit`` console script: django-admin with our settings."""

from __future__ import annotations

import os
import sys

# Command names with a hyphen (Django's come from module names, which cannot hold one).
ALIASES = {"simulate-loggers": "simulate_loggers", "monitoring-partitions": "monitoring_partitions"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
