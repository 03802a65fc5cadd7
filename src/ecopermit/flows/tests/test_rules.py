"""The problem rules, one by one, with the cases each article excludes (MISSION P1, issue 10 §6). Pure: each test
gives the day explicitly, so none depends on the real clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.vocab import CATEGORY_OF, Category, Kind
from ecopermit.flows import rules
from ecopermit.flows.rules import Classification, Snapshot, stable_key
from ecopermit.registry.facts import (
    EiaFact,
    FacilityFacts,
    LimitFact,
    MeasurementFact,
    OutletFact,
    PermitFact,
    RegistrationFact,
    UnitFact,
)

DAY = dt.date(2027, 3, 15)
ROW_86 = {
    "row": 86,
    "column": "simplified",
    "criterion": "涉及通用工序简化管理的",
    "industry": "船舶制造373",
    "words": "简化管理 — 名录第86类 船舶制造373：涉及通用工序简化管理的",
}


def facts(**kw) -> FacilityFacts:  # type: ignore[no-untyped-def]
    base = FacilityFacts(
        1, "城东船舶修造有限公司", "X", "operating", 1, False, None, None, (), (), (), (), (), (), False
    )
    return dataclasses.replace(base, **kw)


def snap(cls: str = "simplified", today: dt.date = DAY, **kw) -> Snapshot:  # type: ignore[no-untyped-def]
    return Snapshot(facts(**kw), Classification(cls, "2019", (ROW_86,), ()), today)


def outlet(
    code="DA001",
    kind="main",
    installed=True,
    networked=True,
    standardized=True,
    in_eia=None,
    limits=(),
    measurements=(),
) -> OutletFact:  # type: ignore[no-untyped-def]
    return OutletFact(
        code, "喷涂废气", "gas", kind, installed, networked, standardized, in_eia, limits, measurements
    )


def permit(number="P1", valid_until=DAY + dt.timedelta(days=30), issued=dt.date(2022, 1, 1)) -> PermitFact:
    return PermitFact(number, "simplified", issued, valid_until)


# ---- 无证排污 (Art. 33(1)) ------------------------------------------------------------------------------------


def test_no_permit_names_the_catalog_row_and_the_article():
    [f] = rules.rule_no_permit(snap())
    assert f.kind == Kind.NO_PERMIT and f.key == "no_permit"
    assert "第三十三条第（一）项" in f.article
    assert "名录第86类" in f.description and "简化管理" in f.description
    assert f.evidence()["facts"]["catalog_rows"][0]["row"] == 86


def test_a_registration_does_not_stand_in_for_a_permit():
    [f] = rules.rule_no_permit(
        snap(registrations=(RegistrationFact("R1", dt.date(2020, 1, 1), dt.date(2024, 12, 31)),))
    )
    assert "R1" in f.description


@pytest.mark.parametrize("cls", ["registration", "none", "excluded", "unknown"])
def test_no_permit_is_not_asked_outside_key_and_simplified(cls):
    assert rules.rule_no_permit(snap(cls)) == []


@pytest.mark.parametrize("status", ["construction", "suspended", "closed"])
def test_no_permit_only_while_discharging(status):
    assert rules.rule_no_permit(snap(status=status)) == []


def test_a_permit_issued_ends_the_no_permit_rule_even_when_expired():
    assert rules.rule_no_permit(snap(permits=(permit(valid_until=DAY - dt.timedelta(days=1)),))) == []


def test_no_classification_no_rule():
    assert rules.rule_no_permit(Snapshot(facts(), None, DAY)) == []


# ---- expired permit (Art. 33(2)) -----------------------------------------------------------------------------


def test_a_permit_is_valid_through_its_last_day():
    assert rules.rule_permit_expired(snap(permits=(permit(valid_until=DAY),))) == []
    [f] = rules.rule_permit_expired(snap(permits=(permit(valid_until=DAY - dt.timedelta(days=1)),)))
    assert (
        f.kind == Kind.PERMIT_EXPIRED and f.key == "permit_expired:P1" and "第三十三条第（二）项" in f.article
    )


def test_a_renewed_permit_valid_today_means_no_expiry_problem():
    old, new = permit("P1", DAY - dt.timedelta(days=3)), permit("P2", DAY + dt.timedelta(days=1800))
    assert rules.rule_permit_expired(snap(permits=(old, new))) == []


def test_the_subject_is_the_newest_permit():
    old, newer = permit("P1", DAY - dt.timedelta(days=900)), permit("P2", DAY - dt.timedelta(days=2))
    [f] = rules.rule_permit_expired(snap(permits=(old, newer)))
    assert f.key == "permit_expired:P2"


@pytest.mark.parametrize("status", ["suspended", "closed", "construction"])
def test_an_expired_permit_of_a_facility_not_producing_is_no_problem(status):
    assert (
        rules.rule_permit_expired(snap(status=status, permits=(permit(valid_until=DAY - dt.timedelta(1)),)))
        == []
    )


# ---- 未登记 (Arts. 24, 43) -----------------------------------------------------------------------------------


def test_not_registered():
    [f] = rules.rule_not_registered(snap("registration"))
    assert f.kind == Kind.NOT_REGISTERED and "第四十三条" in f.article


def test_registered_or_permitted_or_expired_registration():
    valid = RegistrationFact("R1", dt.date(2023, 1, 1), DAY)
    assert rules.rule_not_registered(snap("registration", registrations=(valid,))) == []
    assert rules.rule_not_registered(snap("registration", permits=(permit(),))) == []
    expired = RegistrationFact("R1", dt.date(2020, 1, 1), DAY - dt.timedelta(days=1))
    [f] = rules.rule_not_registered(snap("registration", registrations=(expired,)))
    assert "已过有效期" in f.description
    assert rules.rule_not_registered(snap("simplified")) == []
    assert rules.rule_not_registered(snap("registration", status="closed")) == []


# ---- 未批先建 -------------------------------------------------------------------------------------------------

EIA = EiaFact("舟定环建〔2019〕12号", "form", dt.date(2019, 6, 18), "船舶修造")


def test_built_before_the_approval_day():
    [f] = rules.rule_built_before_approval(
        snap(eia_approvals=(EIA,), construction_started_on=dt.date(2019, 6, 17))
    )
    assert f.kind == Kind.BUILT_BEFORE_APPROVAL and CATEGORY_OF[f.kind] == Category.INCOMPLETE
    assert f.key == f"built_before_approval:{EIA.number}" and "第二十五条" in f.article


def test_commissioning_date_when_construction_is_not_recorded():
    [f] = rules.rule_built_before_approval(snap(eia_approvals=(EIA,), commissioned_on=dt.date(2019, 1, 1)))
    assert "投产" in f.description


def test_on_the_approval_day_or_later_or_no_date_is_no_problem():
    assert (
        rules.rule_built_before_approval(snap(eia_approvals=(EIA,), construction_started_on=EIA.approved_on))
        == []
    )
    assert rules.rule_built_before_approval(snap(eia_approvals=(EIA,))) == []


def test_no_approval_where_the_class_needs_one():
    [f] = rules.rule_built_before_approval(snap())
    assert f.key == "built_before_approval:none"
    assert rules.rule_built_before_approval(snap("registration")) == []  # may only file a 登记表
    assert rules.rule_built_before_approval(snap("none")) == []  # C4: no EIA approval outside the catalog
    assert rules.rule_built_before_approval(snap(status="suspended")) == []


def test_an_eia_registration_form_is_not_an_approval():
    filed = EiaFact("备案1", "registration", dt.date(2018, 1, 1), "")
    [f] = rules.rule_built_before_approval(
        snap(eia_approvals=(filed,), construction_started_on=dt.date(2017, 1, 1))
    )
    assert f.key == "built_before_approval:none"


# ---- 批建不符 -------------------------------------------------------------------------------------------------


def test_built_not_as_approved_only_where_the_survey_says_no():
    s = snap(
        outlets=(outlet("DA001", in_eia=False), outlet("DA002", in_eia=None), outlet("DA003", in_eia=True)),
        units=(UnitFact("boiler", "1号锅炉", False), UnitFact("furnace", "1号炉", None)),
    )
    found = rules.rule_built_not_as_approved(s)
    assert [f.key for f in found] == [
        "built_not_as_approved:outlet:DA001",
        "built_not_as_approved:boiler:1号锅炉",
    ]
    assert all(f.kind == Kind.BUILT_NOT_AS_APPROVED for f in found)
    assert rules.rule_built_not_as_approved(dataclasses.replace(s, classification=None)) == []


# ---- automatic monitoring (Art. 20) -------------------------------------------------------------------------


def test_key_main_outlets_need_monitoring_installed_and_networked():
    s = snap(
        "key",
        outlets=(
            outlet("DA001", installed=False, networked=False),
            outlet("DA002", networked=False),
            outlet("DA003"),
            outlet("DA004", kind="general", installed=False),
        ),
    )
    found = rules.rule_auto_monitoring(s)
    assert [(f.key, f.kind) for f in found] == [
        ("auto_monitoring:DA001", Kind.NO_AUTO_MONITORING),
        ("auto_monitoring_networked:DA002", Kind.MONITORING_NOT_NETWORKED),
    ]
    assert all("第二十条" in f.article for f in found)


@pytest.mark.parametrize("cls", ["simplified", "registration"])
def test_monitoring_is_not_required_below_key_management(cls):
    assert rules.rule_auto_monitoring(snap(cls, outlets=(outlet(installed=False),))) == []


# ---- 规范化 ---------------------------------------------------------------------------------------------------


def test_outlets_not_set_up_to_the_standard():
    s = snap(outlets=(outlet("DW001", standardized=False), outlet("DA001")))
    assert [f.key for f in rules.rule_outlet_standard(s)] == ["outlet_standard:DW001"]
    assert rules.rule_outlet_standard(snap("none", outlets=(outlet(standardized=False),))) == []
    assert rules.rule_outlet_standard(snap(status="closed", outlets=(outlet(standardized=False),))) == []


# ---- survey results over the limit ---------------------------------------------------------------------------

LIMIT = LimitFact(
    "a24088", "非甲烷总烃", "hourly", Decimal("60"), "mg/m³", "DB33/2146-2018 表1", dt.date(2024, 1, 1), None
)


def _m(value, day=dt.date(2026, 6, 12), unit="mg/m³"):  # type: ignore[no-untyped-def]
    return MeasurementFact("a24088", day, Decimal(value), unit, "JC-1")


def test_a_result_over_the_limit():
    [f] = rules.rule_over_limit(snap(outlets=(outlet(limits=(LIMIT,), measurements=(_m("72.5"),)),)))
    assert f.kind == Kind.OVER_STANDARD and CATEGORY_OF[f.kind] == Category.NOT_COMPLIANT
    assert f.key == "over_limit:DA001:a24088:2026-06-12"
    assert "72.5mg/m³" in f.description and "60mg/m³" in f.description and "DB33/2146-2018" in f.description


def test_at_the_limit_another_unit_or_no_limit_that_day_is_no_problem():
    for m in (_m("60"), _m("72", unit="kg/h"), _m("72", day=dt.date(2023, 12, 31))):
        assert rules.rule_over_limit(snap(outlets=(outlet(limits=(LIMIT,), measurements=(m,)),))) == [], m


def test_the_strictest_limit_valid_that_day_applies():
    daily = dataclasses.replace(LIMIT, statistic="daily", value=Decimal("50"))
    [f] = rules.rule_over_limit(snap(outlets=(outlet(limits=(LIMIT, daily), measurements=(_m("55"),)),)))
    assert f.facts["limit"] == Decimal("50")


def test_a_later_result_within_the_limit_resolves_the_exceedance():
    results = (_m("72"), _m("40", day=dt.date(2026, 9, 1)))
    assert rules.rule_over_limit(snap(outlets=(outlet(limits=(LIMIT,), measurements=results),))) == []


# ---- all together --------------------------------------------------------------------------------------------


def test_the_gate_excluded_facility_gets_no_problems_but_the_closure_path():
    assert rules.derive(snap("excluded", outlets=(outlet(standardized=False),))) == []


def test_keys_are_stable_and_short():
    assert stable_key("a", "b") == "a:b"
    long = stable_key("built_not_as_approved", "boiler", "锅" * 120)
    assert len(long) == 100 and long == stable_key("built_not_as_approved", "boiler", "锅" * 120)
    assert long != stable_key("built_not_as_approved", "boiler", "锅" * 121)


def test_every_rule_quotes_its_article():
    for rule in rules.RULES:
        assert "第" in (rule.__doc__ or "") and "条" in (rule.__doc__ or ""), rule.__name__
