"""The ``ecopermit`` console script: django-admin with our settings, and a fast path for pure commands.

``hj212 decode|encode``, ``classify`` and ``enforcement daily-penalty`` need no database: they run from their
plain entry points (``ecopermit.core.commandline``), which import only the pure modules and never call
``django.setup()``. Any other command, and any command line the fast path does not read exactly as Django
would (``--help``, ``--settings``, a usage error…), goes to Django's ``execute_from_command_line``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence

# Command names with a hyphen (Django's come from module names, which cannot hold one).
ALIASES = {"simulate-loggers": "simulate_loggers", "monitoring-partitions": "monitoring_partitions"}


def _fast_entry(argv: Sequence[str]) -> Callable[[Sequence[str]], int] | None:
    """The plain entry point for this command line, if it has one (imported here: only the one it needs)."""
    command = argv[1] if len(argv) > 1 else ""
    verb = argv[2] if len(argv) > 2 else ""
    if command == "hj212" and verb in ("decode", "encode"):
        from ecopermit.monitoring.hj212.cli import main as hj212

        return hj212
    if command == "classify":
        from ecopermit.catalog.cli import main as classify

        return classify
    if command == "enforcement" and verb == "daily-penalty":
        from ecopermit.enforcement.rules.cli import main as enforcement

        return enforcement
    return None


def main() -> None:
    argv = list(sys.argv)
    entry = _fast_entry(argv)
    if entry is not None:
        from ecopermit.core.commandline import NotFast

        # NotFast: Django reads this command line (and prints its usage, help or error).
        with contextlib.suppress(NotFast):
            sys.exit(entry(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
