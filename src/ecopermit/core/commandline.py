"""The fast path of the ``ecopermit`` console script: commands that need no database run without Django.

``ecopermit hj212 decode|encode``, ``ecopermit classify`` and ``ecopermit enforcement daily-penalty`` are pure
computations; loading the whole site for them (``django.setup()``, every app, the system checks) took seconds
before the first byte was read (issue 12). Each of them has a plain entry point beside its pure module
(``monitoring/hj212/cli.py``, ``catalog/cli.py``, ``enforcement/rules/cli.py``) that ``ecopermit.cli`` calls
first; the management command of the same name is a thin wrapper over the same functions, so that
``call_command`` and ``manage.py`` behave as before.

The fast path only takes a command line it reads exactly as Django's parser would: any argument it does not
know (a Django option such as ``--settings`` or ``--verbosity``, ``--help``, an abbreviated option, a usage
error) raises ``NotFast`` and the full Django path runs instead, which prints its own usage and help. Errors a
command reports (``CliError``) come out as Django prints a ``CommandError``: ``CommandError: message`` on
standard error and the command's exit status. No Django import here, nor in the entry points.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO


class NotFast(Exception):
    """The command line is not one the fast path takes: run the command through Django."""


class CliError(Exception):
    """A refusal of a command: the management command raises it as ``CommandError`` with the same status."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.returncode = returncode


class Parser(argparse.ArgumentParser):
    """An argument parser that never prints nor exits: anything it cannot take is Django's to answer.

    No ``-h`` (Django prints the help, with its own options) and no abbreviated options (Django's parser has
    more options an abbreviation could stand for). Subparsers are made of this class too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise NotFast(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise NotFast(message or "")


def run(
    prog: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    handle: Callable[[argparse.Namespace], None],
    argv: Sequence[str],
) -> int:
    """Parses ``argv`` (the arguments after the command name) and runs ``handle``; the exit status.

    Raises ``NotFast`` when the command line is for Django to read.
    """
    parser = Parser(prog=prog)
    add_arguments(parser)
    options = parser.parse_args(list(argv))
    try:
        handle(options)
    except CliError as exc:
        sys.stdout.flush()
        report(sys.stderr, f"CommandError: {exc}")
        return exc.returncode
    return 0


def report(stream: TextIO, message: str) -> None:
    """A message on standard error as Django's ``OutputWrapper`` writes one: in its default palette's bold red
    when both standard output and the stream are terminals (``DJANGO_COLORS=nocolor``: never)."""
    message += "\n"
    if stream.isatty() and sys.stdout.isatty() and os.environ.get("DJANGO_COLORS") != "nocolor":
        message = f"\x1b[31;1m{message}\x1b[0m"
    stream.write(message)
    stream.flush()
