"""Step one (一查) from the data: the rules that find a facility's problems in its inventory (MISSION P1, C2).

Each rule is a pure function of a :class:`Snapshot` (the facility's facts, its current classification and the
day) and returns :class:`Finding` s. A finding's ``key`` is stable for the facility, the rule and its subject (a
permit number, an outlet code…), so deriving twice never raises a problem twice; when a later snapshot no longer
yields a key, the problem it raised is *proposed* as fixed (an officer confirms). Each rule quotes its article.

Descriptions are Chinese on purpose: they are served in the rectification notice (an official document).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ecopermit.cases.vocab import Kind
from ecopermit.registry.facts import FacilityFacts, LimitFact, MeasurementFact, OutletFact
from ecopermit.registry.vocab import EiaReportType, ManagementClass, OperatingStatus, OutletKind

PERMIT_CLASSES = frozenset({ManagementClass.KEY, ManagementClass.SIMPLIFIED})
REGULATED_CLASSES = PERMIT_CLASSES | {ManagementClass.REGISTRATION}
CLASS_ZH = {"key": "重点管理", "simplified": "简化管理", "registration": "登记管理"}
MAX_KEY = 100  # Problem.source_ref


@dataclass(frozen=True)
class Classification:
    management_class: str
    edition: str = "2019"
    deciding: tuple[Mapping[str, Any], ...] = ()
    gate: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Snapshot:
    facts: FacilityFacts
    classification: Classification | None
    today: dt.date

    @property
    def management_class(self) -> str:
        return self.classification.management_class if self.classification else ManagementClass.UNKNOWN

    @property
    def operating(self) -> bool:
        return self.facts.status == OperatingStatus.OPERATING


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str
    kind: str
    article: str
    description: str
    required_action: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def evidence(self) -> dict[str, Any]:
        return {"rule": self.rule, "article": self.article, "facts": _plain(self.facts)}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def stable_key(*parts: str) -> str:
    """``rule:subject…`` within ``MAX_KEY`` characters; a longer subject keeps a hash so it stays unique."""
    text = ":".join(parts)
    if len(text) <= MAX_KEY:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{text[: MAX_KEY - 13]}~{digest}"


def _catalog_rows(s: Snapshot) -> tuple[str, list[dict[str, Any]]]:
    """The deciding catalog rows in words (名录第86类 …：criterion) and as data."""
    rows = list(s.classification.deciding) if s.classification else []
    # Short in the text (名录第83类“涉及通用工序简化管理的”); the industry's full wording stays in the evidence.
    words = "；".join(f"名录第{r.get('row')}类“{r.get('criterion', '')}”" for r in rows)
    data = [{k: r.get(k) for k in ("row", "column", "criterion", "industry")} for r in rows]
    return words, data


# ---- 应发未发: no permit / no registration where the catalog requires one -----------------------------------


def rule_no_permit(s: Snapshot) -> list[Finding]:
    """无证排污 — 《排污许可管理条例》第三十三条第（一）项: 未取得排污许可证排放污染物.

    Fires for a facility in production whose catalog class is 重点 or 简化 and that has never held a permit (a
    registration does not stand in for a permit). Excluded: not in production (under construction, suspended,
    closed: it does not discharge now; 条例 Art. 2 asks for the permit before discharging), class 登记 / outside
    the catalog / excluded by the gate / not yet classified, a permit ever issued (an expired one is Art. 33(2)).
    """
    if not s.operating or s.management_class not in PERMIT_CLASSES:
        return []
    if any(p.issued_on <= s.today for p in s.facts.permits):
        return []
    words, rows = _catalog_rows(s)
    registered = [r.number for r in s.facts.registrations]
    note = f"（现持排污登记{'、'.join(registered)}，但名录要求申领排污许可证）" if registered else ""
    return [
        Finding(
            "no_permit",
            "no_permit",
            Kind.NO_PERMIT,
            "《排污许可管理条例》第三十三条第（一）项",
            f"按《固定污染源排污许可分类管理名录（{s.classification.edition if s.classification else '2019'}年版）》"
            f"属{CLASS_ZH[s.management_class]}（{words}），正在生产但未取得排污许可证，属无证排污{note}",
            "立即依法申请排污许可证；取得前不得排放污染物",
            {"class": s.management_class, "catalog_rows": rows, "registrations": registered},
        )
    ]


def rule_permit_expired(s: Snapshot) -> list[Finding]:
    """无证排污 — 《排污许可管理条例》第三十三条第（二）项: 排污许可证有效期届满未申请延续或者延续申请未经批准排放污染物.

    A permit is valid through its ``valid_until`` day (Art. 14: five years); from the next day on a facility still
    in production without another valid permit discharges without one. The subject is the newest permit, so a
    later permit that expires in turn is a new problem. Excluded: not in production, a permit valid today, class
    outside 重点/简化 (a registration-class facility is judged by the registration rule).
    """
    if not s.operating or s.management_class not in PERMIT_CLASSES or not s.facts.permits:
        return []
    issued = [p for p in s.facts.permits if p.issued_on <= s.today]
    if not issued or any(p.valid_until >= s.today for p in issued):
        return []
    latest = max(issued, key=lambda p: (p.valid_until, p.number))
    return [
        Finding(
            "permit_expired",
            stable_key("permit_expired", latest.number),
            Kind.PERMIT_EXPIRED,
            "《排污许可管理条例》第三十三条第（二）项",
            f"排污许可证{latest.number}有效期至{latest.valid_until.isoformat()}已届满，未取得延续，单位仍在生产排污，属无证排污",
            "立即停止排放污染物并申请排污许可证（重新申请）",
            {"permit": latest.number, "valid_until": latest.valid_until, "today": s.today},
        )
    ]


def rule_not_registered(s: Snapshot) -> list[Finding]:
    """未登记 — 《排污许可管理条例》第二十四条、第四十三条: 需要填报排污登记表的企业事业单位和其他生产经营者，未依照
    本条例规定填报排污信息的，责令改正.

    Fires for a facility in production whose class is 登记管理 that holds neither a registration valid today nor a
    valid permit. Excluded: not in production, any other class, a valid registration (one without a recorded
    end runs five years, ``registry.validity``), a valid permit (which covers more than a registration).
    """
    if not s.operating or s.management_class != ManagementClass.REGISTRATION:
        return []
    if any(p.issued_on <= s.today <= p.valid_until for p in s.facts.permits):
        return []
    if any(r.registered_on <= s.today <= r.valid_until for r in s.facts.registrations):
        return []
    words, rows = _catalog_rows(s)
    expired = [r.number for r in s.facts.registrations]
    note = f"（排污登记{'、'.join(expired)}已过有效期）" if expired else ""
    return [
        Finding(
            "not_registered",
            "not_registered",
            Kind.NOT_REGISTERED,
            "《排污许可管理条例》第二十四条、第四十三条",
            f"按名录属登记管理（{words}），未在全国排污许可证管理信息平台填报排污登记表{note}",
            "在全国排污许可证管理信息平台填报排污登记表",
            {"class": s.management_class, "catalog_rows": rows, "registrations": expired},
        )
    ]


# ---- 手续不全类: 未批先建, 批建不符 ---------------------------------------------------------------------------

_APPROVALS = frozenset({EiaReportType.REPORT, EiaReportType.FORM})  # a 登记表 is filed, not approved


def rule_built_before_approval(s: Snapshot) -> list[Finding]:
    """未批先建 — 《环境影响评价法》第二十五条: 建设项目的环境影响评价文件未依法经审批部门审查或者审查后未予批准的，建设单位
    不得开工建设 (penalty: 第三十一条).

    Two findings: (a) construction started (or, when that is not recorded, production began) before the earliest
    EIA approval (报告书/报告表) — the subject is that approval; (b) a facility of class 重点 or 简化 in production or
    under construction without any EIA approval at all — presumed to need one (such projects need a 报告书 or 报告表
    under the EIA classification catalog; the officer confirms). Excluded: a date on or after the approval day, no
    date recorded (nothing to compare), class 登记/outside the catalog for (b) (C4: no EIA approval is needed
    outside the catalog; a 登记 facility may only file a 登记表), an EIA 登记表 (a filing, not an approval), closed.
    """
    if s.facts.status == OperatingStatus.CLOSED or s.management_class not in REGULATED_CLASSES:
        return []
    approvals = [e for e in s.facts.eia_approvals if e.report_type in _APPROVALS]
    started = s.facts.construction_started_on or s.facts.commissioned_on
    which = "开工建设" if s.facts.construction_started_on else "投产"
    if approvals:
        first = min(approvals, key=lambda e: (e.approved_on, e.number))
        if started is None or started >= first.approved_on:
            return []
        return [
            Finding(
                "built_before_approval",
                stable_key("built_before_approval", first.number),
                Kind.BUILT_BEFORE_APPROVAL,
                "《环境影响评价法》第二十五条",
                f"{started.isoformat()}{which}，早于环评批复{first.number}的批复日期{first.approved_on.isoformat()}，属未批先建",
                "编制现状环境影响评价报告，报分局备案",
                {
                    "started_on": started,
                    "started_by": which,
                    "approval": first.number,
                    "approved_on": first.approved_on,
                },
            )
        ]
    if s.management_class not in PERMIT_CLASSES:
        return []
    if s.facts.status not in (OperatingStatus.OPERATING, OperatingStatus.CONSTRUCTION):
        return []
    return [
        Finding(
            "built_before_approval",
            "built_before_approval:none",
            Kind.BUILT_BEFORE_APPROVAL,
            "《环境影响评价法》第二十五条",
            f"按名录属{CLASS_ZH[s.management_class]}，未见环境影响评价报告书或报告表的批复，"
            f"{'已建成投产' if s.operating else '正在建设'}，属未批先建",
            "编制现状环境影响评价报告，报分局备案",
            {"class": s.management_class, "approvals": [e.number for e in s.facts.eia_approvals]},
        )
    ]


def rule_built_not_as_approved(s: Snapshot) -> list[Finding]:
    """批建不符 — 《环境影响评价法》第二十四条: 建设项目的性质、规模、地点、生产工艺或者防治污染措施发生重大变动的，应当重新报批.

    One finding per production unit or outlet that the survey records as not covered by the EIA approval
    (``in_eia_approval`` = 否). Excluded: covered (是), not recorded (blank: the survey did not look), closed
    facilities, classes outside the catalog.
    """
    if s.facts.status == OperatingStatus.CLOSED or s.management_class not in REGULATED_CLASSES:
        return []
    out = []
    subjects = [
        ("outlet", o.code, f"排放口{o.code}（{o.name}）")
        for o in s.facts.outlets
        if o.in_eia_approval is False
    ]
    names = {"boiler": "锅炉", "furnace": "工业炉窑"}
    subjects += [
        (u.kind, u.name, f"{names[u.kind]}“{u.name}”") for u in s.facts.units if u.in_eia_approval is False
    ]
    for kind, subject, shown in subjects:
        out.append(
            Finding(
                "built_not_as_approved",
                stable_key("built_not_as_approved", kind, subject),
                Kind.BUILT_NOT_AS_APPROVED,
                "《环境影响评价法》第二十四条",
                f"{shown}不在环评批复范围内，属批建不符",
                "编制现状环境影响评价报告，报分局备案；或重新报批环境影响评价文件",
                {"subject": kind, "name": subject},
            )
        )
    return out


# ---- 其他类: automatic monitoring, outlets to the standard -----------------------------------------------------


def rule_auto_monitoring(s: Snapshot) -> list[Finding]:
    """自动监测 — 《排污许可管理条例》第二十条: 实行重点管理的排污单位应当依法安装、使用、维护污染物排放自动监测设备，并与
    生态环境主管部门的监控设备联网 (penalty: 第三十六条第（四）项).

    Per main outlet (主要排放口) of a 重点管理 facility in production: not installed → one finding; installed but not
    networked → another (the subject is the outlet, so installing without networking proposes the first as fixed
    and raises the second). Excluded: 简化/登记 classes, general outlets, not in production, installed and networked.
    """
    if not s.operating or s.management_class != ManagementClass.KEY:
        return []
    out = []
    for o in s.facts.outlets:
        if o.kind != OutletKind.MAIN:
            continue
        if not o.auto_monitoring_installed:
            out.append(
                Finding(
                    "auto_monitoring",
                    stable_key("auto_monitoring", o.code),
                    Kind.NO_AUTO_MONITORING,
                    "《排污许可管理条例》第二十条",
                    f"重点管理单位的主要排放口{o.code}（{o.name}）未安装污染物排放自动监测设备",
                    "安装自动监测设备并与生态环境主管部门的监控设备联网",
                    {"outlet": o.code, "installed": False, "networked": o.auto_monitoring_networked},
                )
            )
        elif not o.auto_monitoring_networked:
            out.append(
                Finding(
                    "auto_monitoring_networked",
                    stable_key("auto_monitoring_networked", o.code),
                    Kind.MONITORING_NOT_NETWORKED,
                    "《排污许可管理条例》第二十条",
                    f"重点管理单位的主要排放口{o.code}（{o.name}）的自动监测设备未与生态环境主管部门联网",
                    "自动监测设备与生态环境主管部门的监控设备联网",
                    {"outlet": o.code, "installed": True, "networked": False},
                )
            )
    return out


def rule_outlet_standard(s: Snapshot) -> list[Finding]:
    """排放口规范化 — 《排污许可管理条例》第十八条: 排污单位应当按照生态环境主管部门的规定建设规范化污染物排放口，并设置标志牌.

    Per outlet the survey records as not set up to the standard. Excluded: standardised outlets, closed
    facilities, facilities outside the catalog or not yet classified.
    """
    if s.facts.status == OperatingStatus.CLOSED or s.management_class not in REGULATED_CLASSES:
        return []
    return [
        Finding(
            "outlet_standard",
            stable_key("outlet_standard", o.code),
            Kind.OUTLET_NOT_STANDARD,
            "《排污许可管理条例》第十八条",
            f"排放口{o.code}（{o.name}）未按规定规范化设置",
            "按规范设置排放口、采样口和标志牌",
            {"outlet": o.code},
        )
        for o in s.facts.outlets
        if not o.standardized
    ]


# ---- 不能达标类: survey monitoring results over the limit ------------------------------------------------------

CONCENTRATION_STATISTICS = frozenset({"instant", "hourly", "daily"})


def _unit(text: str) -> str:
    return text.strip().lower().replace("m3", "m³").replace(" ", "")


def limit_for(outlet: OutletFact, m: MeasurementFact) -> LimitFact | None:
    """The strictest concentration limit of the outlet for the pollutant, valid on the sampling day, in the same
    unit (a result in another unit cannot be compared and raises nothing)."""
    candidates = [
        x
        for x in outlet.limits
        if x.pollutant_code == m.pollutant_code
        and x.statistic in CONCENTRATION_STATISTICS
        and x.valid_from <= m.sampled_on
        and (x.valid_to is None or x.valid_to >= m.sampled_on)
        and _unit(x.unit) == _unit(m.unit)
    ]
    return min(candidates, key=lambda x: x.value) if candidates else None


def rule_over_limit(s: Snapshot) -> list[Finding]:
    """超标排放 — 《排污许可管理条例》第三十四条第（一）项 (超过许可排放浓度); for a facility without a permit the
    standards' own articles (《大气污染防治法》第九十九条第（二）项, 《水污染防治法》第八十三条第（二）项).

    Per survey monitoring result above the outlet's strictest concentration limit valid that day (same
    pollutant, same unit). A later result of the same outlet and pollutant within the limit shows it corrected,
    so the earlier exceedance is then proposed as fixed. Excluded: at or below the limit, no limit for the
    pollutant that day, another unit, closed facilities.
    """
    if s.facts.status == OperatingStatus.CLOSED:
        return []
    out = []
    for o in s.facts.outlets:
        for m in o.measurements:
            limit = limit_for(o, m)
            if limit is None or m.value <= limit.value:
                continue
            later_ok = any(
                n.pollutant_code == m.pollutant_code
                and n.sampled_on > m.sampled_on
                and (lim := limit_for(o, n)) is not None
                and n.value <= lim.value
                for n in o.measurements
            )
            if later_ok:
                continue
            out.append(
                Finding(
                    "over_limit",
                    stable_key("over_limit", o.code, m.pollutant_code, m.sampled_on.isoformat()),
                    Kind.OVER_STANDARD,
                    "《排污许可管理条例》第三十四条第（一）项",
                    f"{m.sampled_on.isoformat()}调查监测，排放口{o.code}的{limit.pollutant_name or m.pollutant_code}"
                    f"为{m.value.normalize():f}{m.unit}，超过限值{limit.value.normalize():f}{limit.unit}"
                    f"（{limit.source}）{'，监测报告' + m.report_number if m.report_number else ''}",
                    "查明超标原因，完善污染治理设施，经监测稳定达标",
                    {
                        "outlet": o.code,
                        "pollutant": m.pollutant_code,
                        "sampled_on": m.sampled_on,
                        "value": m.value,
                        "unit": m.unit,
                        "limit": limit.value,
                        "limit_source": limit.source,
                        "statistic": limit.statistic,
                        "report": m.report_number,
                    },
                )
            )
    return out


RULES: tuple[Callable[[Snapshot], list[Finding]], ...] = (
    rule_no_permit,
    rule_permit_expired,
    rule_not_registered,
    rule_built_before_approval,
    rule_built_not_as_approved,
    rule_auto_monitoring,
    rule_outlet_standard,
    rule_over_limit,
)


def derive(s: Snapshot) -> list[Finding]:
    """Every finding of every rule. A facility the gate excludes goes down the closure path instead: it gets no
    problems to rectify (名录注5: no permit, no registration, hence nothing to rectify towards)."""
    if s.management_class == ManagementClass.EXCLUDED:
        return []
    return [f for rule in RULES for f in rule(s)]
