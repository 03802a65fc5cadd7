"""Demo complaints (G1): a dozen complaints over the last weeks — a group of three about paint smell near the demo
shipyard (船舶修造), upheld after a site visit and a mediation, with a problem raised on the shipyard's case; a noise
complaint found not upheld and replied to; others waiting in the towns' queues, one of them overdue. Deterministic
and created once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ecopermit.accounts.models import RoleGrant, User
from ecopermit.complaints import services
from ecopermit.complaints.models import Complaint
from ecopermit.core import clock
from ecopermit.registry.models import Facility, FacilityAccess

# (days ago, kind, channel, offset north in metres, offset east in metres, place, description, contact)
GROUP = (
    (12, "odour", "online", 40, 20, "船厂东侧居民楼", "傍晚起船厂方向油漆味很重，关窗也挡不住（演示）", ""),
    (10, "odour", "hotline_12345", 60, -15, "码头路口", "12345 转办：船厂喷漆异味扰民（演示）", "张女士"),
    (9, "odour", "phone", 25, 45, "船厂宿舍旁", "夜间喷涂作业，刺鼻气味（演示）", ""),
)
OTHERS = (
    # (days ago, kind, channel, lat, lon, place, description)
    (30, "noise", "letter", 30.024, 122.097, "昌国街道某小区", "夜间工地打桩噪声（演示）"),
    (20, "dust", "online", 30.007, 122.107, "环南街道临港路", "砂石料场扬尘，车辆带泥上路（演示）"),
    (15, "dust", "online", 30.0074, 122.1066, "环南街道临港路东段", "料场扬尘，晾衣服都是灰（演示）"),
    (6, "smoke", "hotline_12369", 30.031, 122.062, "盐仓街道工业区", "烟囱冒黑烟（演示）"),
    (5, "waste_water", "online", 30.071, 122.182, "白泉镇河道", "河道出现乳白色污水（演示）"),
    (4, "solid_waste", "visit", 30.061, 122.238, "干览镇水产园区", "鱼粉下脚料露天堆放发臭（演示）"),
    (3, "odour", "online", 30.021, 121.892, "金塘镇沥港", "水产加工腥臭味（演示）"),
    (2, "noise", "phone", 30.101, 122.056, "马岙街道", "夜间机械加工噪声（演示）"),
    (1, "other", "online", 30.046, 121.976, "岑港街道", "河边有不明油污（演示）"),
)


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = clock.today() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _user(*names: str) -> Any:
    for name in names:
        user = User.objects.filter(username=name).first()
        if user is not None:
            return user
    return None


def _shipyard() -> Facility | None:
    access = FacilityAccess.objects.filter(user__username="enterprise1").select_related("facility").first()
    if access and access.facility.lat is not None:
        return access.facility
    return (
        Facility.objects.filter(is_demo=True, primary_industry__startswith="373", lat__isnull=False)
        .order_by("pk")
        .first()
    )


def demo_complaints_load() -> int:
    """Creates the demo complaints once; returns how many were created."""
    shipyard = _shipyard()
    officer = _user("officer")
    if Complaint.objects.exists() or shipyard is None or officer is None:
        return 0
    lat0, lon0 = shipyard.lat, shipyard.lon
    if lat0 is None or lon0 is None:
        return 0
    grant = (
        RoleGrant.objects.filter(role="town_officer", park_id=shipyard.park_id).first()
        if shipyard.park_id
        else None
    ) or RoleGrant.objects.filter(role="town_officer", town_id=shipyard.town_id).first()
    handler = grant.user if grant else officer  # the park's or the town's officer works the group
    created = 0
    lead: Complaint | None = None
    for days, kind, channel, north, east, place, text, contact in GROUP:
        with clock.travel(_at(days)):
            c = services.complaint_file(
                actor=None if channel == "online" else handler,
                kind=kind,
                channel=channel,
                description=text,
                place=place,
                lat=lat0 + north / 111_195.0,
                lon=lon0 + east / 96_300.0,
                anonymous=not contact,
                contact_name=contact,
                contact_phone="13800000000" if contact else "",
            )
        lead = lead or c
        created += 1
    assert lead is not None
    with clock.travel(_at(11, 9)):
        services.complaint_accept(actor=handler, complaint=lead)
    with clock.travel(_at(8, 15)):
        services.complaint_record_add(
            actor=handler,
            complaint=lead,
            kind="visit",
            on=clock.today(),
            participants="镇街环保员、分局执法人员",
            text="傍晚到场，船坞露天喷涂作业，下风向居民区可闻明显油漆味；喷涂未在密闭车间内进行（演示）",
        )
        services.complaint_link(actor=handler, complaint=lead, facility_id=shipyard.pk)
    with clock.travel(_at(7, 14)):
        services.complaint_record_add(
            actor=handler,
            complaint=lead,
            kind="mediation",
            on=clock.today(),
            participants="企业负责人、居民代表三名、社区调解员",
            text="企业承诺喷涂作业移入密闭车间、夜间不作业，两周内加装活性炭吸附装置（演示）",
            outcome="双方达成一致，居民同意观察两周",
        )
        services.complaint_find(
            actor=handler,
            complaint=lead,
            finding="upheld",
            note="露天喷涂，挥发性有机物无组织排放，投诉属实（演示）",
        )
    for days, kind, channel, lat, lon, place, text in OTHERS:
        with clock.travel(_at(days)):
            services.complaint_file(
                actor=None if channel == "online" else officer,
                kind=kind,
                channel=channel,
                description=text,
                place=place,
                lat=lat,
                lon=lon,
            )
        created += 1
    # The noise complaint: accepted, visited, not upheld, replied to (the complainant rated it).
    noise = Complaint.objects.get(place="昌国街道某小区")
    with clock.travel(_at(28)):
        services.complaint_accept(actor=officer, complaint=noise)
    with clock.travel(_at(25)):
        services.complaint_record_add(
            actor=officer,
            complaint=noise,
            kind="visit",
            on=clock.today(),
            text="夜间复查，工地已停止打桩（演示）",
        )
        services.complaint_find(
            actor=officer,
            complaint=noise,
            finding="not_upheld",
            note="工地持有夜间施工许可，已按规定时段作业（演示）",
        )
    with clock.travel(_at(24)):
        services.complaint_reply(
            actor=officer,
            complaint=noise,
            text="经夜间复查，该工地持有夜间施工许可并按许可时段作业；已要求其采取降噪措施（演示）。",
        )
        services.complaint_satisfaction(actor=None, complaint=noise, value="basically")
    # One declined: outside the bureau's remit.
    other = Complaint.objects.get(place="岑港街道")
    services.complaint_decline(
        actor=officer, complaint=other, reason="经核实为渔船漏油，已转海事部门处理（演示）"
    )
    return created
