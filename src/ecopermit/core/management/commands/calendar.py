"""``ecopermit calendar [--check FILE]``: the working-day calendar's coverage, or a check of a file that adds a
year (the State Council's notice for the coming year, set with ECOPERMIT_WORKDAY_CALENDAR)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopermit.core import workdays


class Command(BaseCommand):
    help = "Show the working-day calendar's years, or check a calendar file (--check FILE) before using it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", metavar="FILE", help="a calendar file in the format of the package data"
        )

    def handle(self, *args, **options):
        if options["check"]:
            path = Path(options["check"])
            try:
                data = json.loads(path.read_bytes())
                merged = workdays.Calendar.merged(workdays.national_data(), data, name=path.stem)
            except (OSError, ValueError) as exc:  # CalendarDataError is a ValueError
                raise CommandError(f"{path}: {exc}") from exc
            years = sorted(k for k in data if k != "_meta")
            self.stdout.write(
                f"{path}: 合格。加入后工作日历覆盖 {merged.first} 至 {merged.last}（本文件提供 {', '.join(years)} 年）。"
            )
            for year in years:
                entry = data[year]
                self.stdout.write(
                    f"  {year} 年：放假 {len(entry.get('holidays', []))} 天，调休上班 {len(entry.get('workdays', []))} 天"
                )
            self.stdout.write(f"启用：设置环境变量 {workdays.EXTRA_ENV}={path.resolve()} 后重启服务。")
            return
        try:
            calendar = workdays.default_calendar()
        except workdays.CalendarDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"工作日历 {calendar.name}：覆盖 {calendar.first} 至 {calendar.last}。")
