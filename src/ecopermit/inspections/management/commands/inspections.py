from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ecopermit.accounts import facade as accounts
from ecopermit.core.errors import DomainError
from ecopermit.registry import facade as registry


class Command(BaseCommand):
    help = (
        "双随机、一公开 and inspection records (E1, E2). "
        "`inspections draw --plan PLAN --seed SEED [--dry-run] [--json]` draws a plan (PLAN: its id or identity; "
        "same plan and seed, same output; without --dry-run the draw is recorded, once per plan). "
        "`inspections verify-draw PLAN` re-runs a recorded draw on its snapshotted inputs (exit 1 on mismatch). "
        "`inspections refresh-pool`, `inspections sync-checklists`, `inspections watch [--today]`, "
        "`inspections add-inspector USERNAME CERTIFICATE`, `inspections recuse CERTIFICATE CREDIT_CODE --reason R`, "
        "`inspections record INSPECTION_ID --format docx|pdf --out FILE`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        d = sub.add_parser("draw")
        d.add_argument("--plan", required=True)
        d.add_argument("--seed")
        d.add_argument("--dry-run", action="store_true")
        d.add_argument("--json", action="store_true")
        v = sub.add_parser("verify-draw")
        v.add_argument("plan")
        sub.add_parser("refresh-pool")
        sub.add_parser("sync-checklists")
        w = sub.add_parser("watch")
        w.add_argument("--today")
        a = sub.add_parser("add-inspector")
        a.add_argument("username")
        a.add_argument("certificate")
        r = sub.add_parser("recuse")
        r.add_argument("certificate")
        r.add_argument("credit_code")
        r.add_argument("--reason", required=True)
        rec = sub.add_parser("record")
        rec.add_argument("inspection_id", type=int)
        rec.add_argument("--format", choices=["docx", "pdf"], required=True)
        rec.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"].replace("-", "_")
        try:
            getattr(self, f"do_{verb}")(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _plan(self, ident: str) -> Any:
        from ecopermit.inspections.models import SamplingPlan

        plan = SamplingPlan.objects.filter(code=ident).first()
        if plan is None and ident.isdigit():
            plan = SamplingPlan.objects.filter(pk=int(ident)).first()
        if plan is None:
            raise CommandError(f"抽查计划“{ident}”不存在（可用计划编号或标识）")
        return plan

    def do_draw(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import selectors, services

        plan = self._plan(o["plan"])
        result = services.plan_draw(actor=None, plan=plan, seed=o["seed"], dry_run=o["dry_run"])
        report = selectors.draw_report(plan, result, o["seed"] if o["seed"] is not None else plan.seed)
        if o["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
            return
        self.stdout.write(f"{plan.code} {plan.name}（{'试抽，未记录' if o['dry_run'] else '已记录'}）")
        self.stdout.write(f"种子摘要 {result.seed_digest}，输入摘要 {result.inputs_digest}")
        for row in report["selected"]:
            names = "、".join(f"{i['name']}（{i['certificate_number']}）" for i in row["inspectors"])
            self.stdout.write(f"  {row['credit_code']} {row['name']} [{row['category']}] — {names}")
        self.stdout.write(f"共抽取 {len(report['selected'])} 家。")

    def do_verify_draw(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import services

        plan = self._plan(o["plan"])
        check = services.plan_verify(plan)
        if check.ok:
            n = len(check.result.assignments) if check.result else 0
            self.stdout.write(f"OK: {plan.code} 的抽取结果与按快照输入重新计算的结果一致（{n} 家）。")
            return
        for line in check.differences:
            self.stderr.write(f"不一致：{line}")
        raise CommandError(f"{plan.code} 的抽取结果与重新计算的结果不一致（{len(check.differences)} 处）")

    def do_refresh_pool(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import services

        counts = services.pool_refresh(actor=None)
        self.stdout.write(json.dumps(counts, ensure_ascii=False, sort_keys=True))

    def do_sync_checklists(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import services

        self.stdout.write(f"检查事项 {services.checklist_sync()} 项已载入。")

    def do_watch(self, o: dict[str, Any]) -> None:
        import datetime as dt

        from ecopermit.inspections import records

        today = dt.date.fromisoformat(o["today"]) if o["today"] else None
        self.stdout.write(json.dumps(records.publications_watch(today=today), sort_keys=True))

    def do_add_inspector(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import services

        user = accounts.account_by_username(o["username"])
        if user is None:
            raise CommandError(f"用户“{o['username']}”不存在")
        inspector = services.inspector_register(actor=None, user=user, certificate_number=o["certificate"])
        self.stdout.write(f"已加入执法人员库：{inspector}")

    def do_recuse(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections import services
        from ecopermit.inspections.models import Inspector

        inspector = Inspector.objects.filter(certificate_number=o["certificate"]).first()
        facility = registry.facility_by_credit_code(o["credit_code"])
        if inspector is None or facility is None:
            raise CommandError("执法证号或统一社会信用代码不存在")
        services.recusal_add(actor=None, inspector=inspector, facility_id=facility.pk, reason=o["reason"])
        self.stdout.write(f"{inspector} 回避 {facility.name}")

    def do_record(self, o: dict[str, Any]) -> None:
        from ecopermit.inspections.documents import render_record
        from ecopermit.inspections.models import Inspection

        inspection = Inspection.objects.filter(pk=o["inspection_id"]).first()
        if inspection is None:
            raise CommandError(f"检查记录 {o['inspection_id']} 不存在")
        content = render_record(inspection, o["format"])
        Path(o["out"]).write_bytes(content)
        self.stdout.write(f"wrote {o['out']} ({len(content)} bytes)")
