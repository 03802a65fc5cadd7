"""``ecopermit import_survey FILE [--apply] [--user USERNAME]`` and ``ecopermit import_survey --template OUT.xlsx``.

Without ``--user`` the file is only checked (nothing is stored). With ``--user`` a batch is stored as
the web upload would; ``--apply`` (which needs ``--user``) then applies it, all or nothing. The summary
and every error are printed, one error a line: 工作表、行、列、值、原因. Exit status 1 when the file has
errors (or the apply was refused).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.roles import INVENTORY_WRITERS
from ecopermit.accounts.scope import scope_of
from ecopermit.core.errors import DomainError
from ecopermit.registry.importer.parse import ImportIssue, Progress
from ecopermit.registry.importer.services import survey_apply, survey_check, survey_preview
from ecopermit.registry.importer.template import build_template
from ecopermit.registry.models import ImportBatch


class Command(BaseCommand):
    help = "Check, preview or apply a survey workbook (XLSX), or write the blank template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the survey workbook (.xlsx)")
        parser.add_argument(
            "--apply", action="store_true", help="apply the file (all or nothing); needs --user"
        )
        parser.add_argument("--user", help="username of the bureau officer the import is recorded under")
        parser.add_argument("--template", metavar="OUT", help="write the blank template to OUT and exit")
        parser.add_argument("--progress", action="store_true", help="print progress to stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            Path(options["template"]).write_bytes(build_template())
            self.stdout.write(f"template written to {options['template']}")
            return
        if not options["file"]:
            raise CommandError("give a FILE to import, or --template OUT.xlsx")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        if options["apply"] and not options["user"]:
            raise CommandError("--apply needs --user USERNAME (every change is recorded under a person)")
        actor = self._actor(options["user"]) if options["user"] else None
        progress = self._progress if options["progress"] else None
        content = path.read_bytes()

        if actor is None:
            check = survey_check(file_name=path.name, content=content, progress=progress)
            self._report(check.summary, check.issues)
            if not check.ok:
                sys.exit(1)
            return
        batch = survey_preview(actor=actor, file_name=path.name, content=content, progress=progress)
        if batch.status == ImportBatch.Status.REJECTED or not options["apply"]:
            self._report(batch.summary, [ImportIssue.from_dict(e) for e in batch.errors], batch)
            if batch.status == ImportBatch.Status.REJECTED:
                sys.exit(1)
            return
        try:
            batch = survey_apply(actor=actor, batch_id=batch.pk, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._report(batch.summary, [ImportIssue.from_dict(e) for e in batch.errors], batch)
        if batch.status != ImportBatch.Status.APPLIED:
            sys.exit(1)

    def _actor(self, username: str) -> Any:
        user = accounts.account_by_username(username)
        if user is None:
            raise CommandError(f"no active user {username}")
        if not scope_of(user).has(*INVENTORY_WRITERS):
            raise CommandError(f"{username} is not a bureau officer or leader")
        return user

    def _progress(self, p: Progress) -> None:
        total = f"/{p.total}" if p.total else ""
        self.stderr.write(f"{p.phase} {p.sheet} {p.done}{total}")

    def _report(
        self, summary: dict[str, Any], issues: list[ImportIssue], batch: ImportBatch | None = None
    ) -> None:
        out = self.stdout
        if batch is not None:
            out.write(f"batch #{batch.pk}: {batch.status}")
        out.write(f"file {summary.get('file_name', '')} sha256 {summary.get('sha256', '')[:12]}")
        out.write("工作表\t行数\t新建\t更新\t不变")
        for sheet in summary.get("sheets", []):
            if sheet["rows"]:
                out.write(
                    f"{sheet['name']}\t{sheet['rows']}\t{sheet['create']}\t{sheet['update']}\t{sheet['unchanged']}"
                )
        totals = summary.get("totals", {})
        out.write(
            f"合计\t{totals.get('rows', 0)}\t{totals.get('create', 0)}\t{totals.get('update', 0)}\t"
            f"{totals.get('unchanged', 0)}"
        )
        for name in summary.get("ignored_sheets", []):
            out.write(f"已忽略的工作表：{name}")
        if issues:
            count = summary.get("error_count", len(issues))
            out.write(f"错误 {count} 个，文件未导入：")
            out.write("工作表\t行\t列\t值\t原因")
            for i in issues:
                column = f"{i.column}（{i.header}）" if i.column and i.header else (i.column or i.header)
                out.write(f"{i.sheet}\t{i.row or ''}\t{column}\t{i.value}\t{i.message}")
            if summary.get("errors_truncated"):
                out.write(f"（仅列出前{len(issues)}个）")
