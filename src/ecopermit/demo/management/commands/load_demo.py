from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from ecopermit.accounts.models import User
from ecopermit.core.errors import DomainError
from ecopermit.demo.assistance import demo_assistance_load
from ecopermit.demo.dataset import DEFAULT_FACILITIES, DEFAULT_SEED
from ecopermit.demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Load the synthetic Dinghai demo district (facilities, paperwork, outlets, demo users) into the database "
        "that DATABASE_URL names. Safe to run again: only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--facilities",
            type=int,
            default=DEFAULT_FACILITIES,
            help=f"number of demo facilities (default {DEFAULT_FACILITIES}); a larger number extends a smaller run",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})"
        )

    def handle(self, *args, **options):
        if options["facilities"] < 0:
            raise CommandError("--facilities must be 0 or more")
        started = time.perf_counter()
        accounts_before = User.objects.filter(is_demo=True).count()
        try:
            result = demo_load(facilities=options["facilities"], seed=options["seed"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        from ecopermit.catalog.services import classification_refresh_many
        from ecopermit.demo.cases import demo_cases_load

        classified = classification_refresh_many(actor=None)
        if classified.changed:
            self.stdout.write(
                f"  按名录分类 {classified.checked} 家排污单位（新分类结果 {classified.changed} 条）。"
            )

        cases = demo_cases_load()
        if cases:
            self.stdout.write(f"  新建演示整改案件 {cases} 件（覆盖五步法各环节）。")
        if cases or classified.changed:
            from ecopermit.demo.cases import demo_facilities_without_case
            from ecopermit.flows.services import problems_derive_many

            derived = problems_derive_many(actor=None, facility_ids=demo_facilities_without_case())
            self.stdout.write(f"  从清单数据查出问题 {len(derived.raised)} 个（一查）。")
            from ecopermit.demo.cases import demo_closure_propose

            if demo_closure_propose():
                self.stdout.write(
                    "  位于饮用水水源保护区内的单位转入关停取缔路径，已生成提请区政府关闭的请示（演示）。"
                )
        from ecopermit.demo.dataloggers import demo_dataloggers_load

        loggers = demo_dataloggers_load()
        if loggers:
            self.stdout.write(
                f"  登记演示数采仪 {loggers} 台（自动监测已联网的排放口；访问密码为 MN 末 6 位）。"
            )
        from ecopermit.demo.monitoring import demo_monitoring_load

        meters = demo_monitoring_load()
        if meters:
            self.stdout.write(
                f"  登记演示电表 {meters} 块（含 3 天用电数据、治理设施停运报警）及停产检修报备 2 条。"
            )
        from ecopermit.demo.inspections import demo_inspections_load

        inspections = demo_inspections_load()
        if inspections:
            self.stdout.write(f"  新建演示双随机抽查计划 1 个、检查记录 {inspections} 条。")
        from ecopermit.demo.enforcement import demo_enforcement_load

        penalties = demo_enforcement_load()
        if penalties:
            self.stdout.write(
                f"  新建演示行政处罚案件 {penalties} 件（含听证、按日连续处罚、移送公安机关）。"
            )
        from ecopermit.demo.disclosure import demo_disclosure_load
        from ecopermit.demo.filings import demo_filings_load
        from ecopermit.demo.selfproof import demo_selfmon_load, demo_selfproof_finish

        # The monitoring first: an execution report summarises it.
        results = demo_selfmon_load()
        if results:
            self.stdout.write(
                f"  新建演示自行监测结果 {results} 条（含监测报告 PDF；个别超标，部分周期未监测）。"
            )
        reports = demo_filings_load()
        if reports:
            self.stdout.write(
                f"  新建演示执行报告 {reports} 份（近两年；部分退回重报、待审核，部分逾期未交已记为问题）。"
            )
        proof = demo_selfproof_finish()
        self.stdout.write(demo_assistance_load() or "  企业服务演示数据已存在。")
        if proof:
            self.stdout.write(
                f"  新建演示环境管理台账 {proof['ledger']} 条（含异常情况报告和更正记录）；"
                f"台账缺失问题 {proof['ledger_missing']} 个，自行监测缺失问题 {proof['selfmon_missing']} 个。"
            )
            self.stdout.write(
                f"  交叉核查发现 {proof['findings']} 条（{proof['falsified_facility']}：执行报告最大浓度低于自行监测结果）；"
                f"超许可排放量问题 {proof['over']} 个（{proof['over_total_facility'] or '无'}，不能达标）。"
            )
        disclosed = demo_disclosure_load()
        if disclosed:
            self.stdout.write(
                f"  新建演示公开信息 {disclosed} 条（公告和政策动态、企业自行公开、开放日、数据纠错）。"
            )
        from ecopermit.demo.complaints import demo_complaints_load

        complaints = demo_complaints_load()
        if complaints:
            self.stdout.write(
                f"  新建演示信访投诉 {complaints} 件（含船厂附近合并办理的一组、属实转问题一件、已答复一件）。"
            )
        from ecopermit.demo.credit import demo_credit_load

        credit = demo_credit_load()
        if credit:
            self.stdout.write(
                f"  收集信用事件 {credit['events']} 条，提出信用等级 {credit['proposed']} 家，发布 {credit['published']} 家。"
            )
        from ecopermit.demo.portal import demo_portal_load

        if readings := demo_portal_load():
            self.stdout.write(
                f"  新建演示在线监测小时数据 {readings} 条（近一年，两个排放口；供公开网站的排放与标准对照）。"
            )
        seconds = time.perf_counter() - started
        if not result.created_anything and not any(
            (
                cases,
                loggers,
                meters,
                inspections,
                penalties,
                results,
                reports,
                proof,
                disclosed,
                credit,
                readings,
            )
        ):
            self.stdout.write(
                f"{result.district}演示数据已是最新：{result.facilities_requested} 家演示排污单位均已存在，"
                f"未新建任何数据（{seconds:.1f} 秒）。"
            )
            return
        # Accounts are made in two steps (the users of the dataset, then the inspector pool): count them all.
        demo_accounts = User.objects.filter(is_demo=True).count()
        details = "，".join(f"{name} {count}" for name, count in sorted(result.rows_created.items()))
        self.stdout.write(
            f"{result.district}演示数据：新建排污单位 {result.facilities_created} 家"
            f"（共需 {result.facilities_requested} 家），新建演示账号 {demo_accounts - accounts_before} 个"
            f"（演示账号共 {demo_accounts} 个，含执法人员）；用时 {seconds:.1f} 秒。"
        )
        if details:
            self.stdout.write(f"  新建记录：{details}")
        self.stdout.write("  运行 `ecopermit demo_logins` 查看演示账号。")
