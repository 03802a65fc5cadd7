"""Demo disclosure (K3, K4, G6): the bureau's notices and policy news (one withdrawn), self-disclosed items of the
permit holder (enterprise3, one item in two versions) and of the shipyard (enterprise1), two open days ahead with a
few bookings, and two data-error reports, one answered. Dates are relative to today, so the open days are always
ahead and the notices recent. Loads once: nothing is made when a notice exists already."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.disclosure import services
from ecopermit.disclosure.models import Notice
from ecopermit.registry.models import FacilityAccess

PDF = b"%PDF-1.4\n% demo disclosure (synthetic)\n%%EOF\n"

NOTICES = [
    (
        "notice",
        "关于开展2026年度排污许可证执行报告集中检查的通知（演示）",
        "<p>各排污单位：</p><p>为落实排污许可“一证式”管理，我局将于近期对辖区内排污单位执行报告的提交情况开展集中检查。"
        "请各单位对照排污许可证要求，按时提交年度、季度执行报告，并确保内容真实、完整。</p>"
        "<ul><li>检查范围：重点管理和简化管理排污单位</li><li>检查方式：线上核查与现场抽查相结合</li></ul>"
        "<p>特此通知。</p>",
        40,
    ),
    (
        "news",
        "《排污许可管理条例》实施要点解读（演示）",
        "<h3>一、持证排污、按证排污</h3><p>排污单位应当依法取得排污许可证，并按照排污许可证的规定排放污染物。</p>"
        "<h3>二、自证守法</h3><p>排污单位应当按照规定开展自行监测、建立环境管理台账、提交执行报告。</p>"
        '<p>全文见<a href="https://www.gov.cn/">中国政府网</a>。</p>',
        25,
    ),
    (
        "notice",
        "关于企业环境信息依法披露工作的提示（演示）",
        "<p>请纳入名单的企业按照《企业环境信息依法披露管理办法》的要求，在本平台“信息公开”栏目发布整治提升方案、"
        "验收报告、排放状况等信息，并对信息的真实性负责。</p>",
        10,
    ),
    (
        "news",
        "我区开展环保设施向公众开放活动（演示）",
        "<p>为增进公众对环境治理工作的了解，我区组织部分企业开展环保设施开放日活动，欢迎市民通过本网站预约参观。</p>",
        3,
    ),
]


def _at(day: dt.date, hour: int = 10) -> Any:
    return clock.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


def _manager(username: str) -> tuple[User, int] | None:
    access = (
        FacilityAccess.objects.filter(user__username=username).select_related("user").order_by("pk").first()
    )
    return (access.user, access.facility_id) if access else None


def demo_disclosure_load() -> int:
    """Loads the demo disclosure; the number of records made (0 when it exists already)."""
    if Notice.objects.exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return 0
    today = clock.today()
    made = 0
    for kind, title, body, days_ago in NOTICES:
        with _at(today - dt.timedelta(days=days_ago)):
            notice = services.notice_create(actor=officer, kind=kind, title=title, body=body)
            services.notice_move(actor=officer, notice_id=notice.pk, target="published")
        made += 1
    with _at(today - dt.timedelta(days=60)):
        old = services.notice_create(
            actor=officer,
            kind="notice",
            title="关于调整受理时间的通知（演示，已撤回）",
            body="<p>已撤回。</p>",
        )
        services.notice_move(actor=officer, notice_id=old.pk, target="published")
    with _at(today - dt.timedelta(days=58)):
        services.notice_move(actor=officer, notice_id=old.pk, target="withdrawn", note="内容有误，重新发布。")
    services.notice_create(
        actor=officer, kind="news", title="环保设施开放日总结（草稿，演示）", body="<p>草稿。</p>"
    )
    made += 2

    holder = _manager("enterprise3")
    if holder is not None:
        user, facility_id = holder
        items = [
            (
                "plan",
                "整治提升方案（演示）",
                "针对废气收集效率不足的问题，更换集气罩并新增活性炭吸附装置，计划三个月内完成。",
                30,
            ),
            (
                "standards",
                "执行的排放标准（演示）",
                "废气执行《大气污染物综合排放标准》（GB 16297-1996）表2二级标准。",
                28,
            ),
            (
                "emissions",
                "2026年第三季度排放状况（演示）",
                "各排放口自行监测结果均达标，详见附件监测报告。",
                20,
            ),
            (
                "facilities",
                "污染防治设施建设和运行情况（演示）",
                "活性炭吸附装置1套，运行正常，活性炭每季度更换。",
                15,
            ),
        ]
        for kind, title, text, days_ago in items:
            with _at(today - dt.timedelta(days=days_ago)):
                services.disclosure_publish(
                    actor=user,
                    facility_id=facility_id,
                    kind=kind,
                    title=title,
                    text=text,
                    statement_accepted=True,
                    file_name=f"{title}.pdf" if kind == "emissions" else "",
                    content=PDF if kind == "emissions" else None,
                )
            made += 1
        with _at(today - dt.timedelta(days=5)):
            services.disclosure_publish(
                actor=user,
                facility_id=facility_id,
                kind="plan",
                title="整治提升方案（修订版，演示）",
                text="根据验收意见修订：增加废气排放口在线监测，计划两个月内完成。",
                statement_accepted=True,
            )
        made += 1
        day = services.open_day_announce(
            actor=user,
            facility_id=facility_id,
            title="环保设施开放日：走进废气治理车间（演示）",
            starts_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=14), dt.time(9, 30))),
            ends_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=14), dt.time(11, 30))),
            place="厂区东门接待室",
            directions="乘坐公交12路至工业园区站，步行约300米。",
            capacity=20,
        )
        for name, phone, size in (("王某某", "13800000001", 2), ("李某某", "13800000002", 3)):
            services.booking_make(open_day_id=day.pk, name=name, phone=phone, party_size=size)
        made += 1
    shipyard = _manager("enterprise1")
    if shipyard is not None:
        user, facility_id = shipyard
        services.disclosure_publish(
            actor=user,
            facility_id=facility_id,
            kind="plan",
            title="船舶涂装废气整治方案（演示）",
            text="涂装工序移入密闭车间，废气经过滤棉+活性炭处理后排放。",
            statement_accepted=True,
        )
        services.open_day_announce(
            actor=user,
            facility_id=facility_id,
            title="船厂环保开放日（演示）",
            starts_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=30), dt.time(14))),
            ends_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=30), dt.time(16))),
            place="船厂办公楼一楼",
            capacity=30,
        )
        made += 2
        answered = services.error_report_submit(
            record_kind="facility",
            record_ref="",
            facility_id=facility_id,
            what_is_wrong="公开的企业地址有误，应为北门路18号。（演示）",
        )
        services.error_report_respond(
            actor=officer,
            report_id=answered.pk,
            target="corrected",
            answer="经核实，地址已更正。感谢您的反馈。（演示）",
        )
        services.error_report_submit(
            record_kind="inspection",
            record_ref="JC2026-0001",
            facility_id=facility_id,
            what_is_wrong="检查日期与实际不符。（演示）",
        )
        made += 2
    return made
