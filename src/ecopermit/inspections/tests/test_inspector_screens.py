"""二库 on screen (E1): officers put inspectors in the pool, toggle their availability and record recusals;
others cannot; each write is audited; a recusal recorded here keeps the draw away from that pair."""

from __future__ import annotations

import pytest

from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent
from ecopermit.inspections.models import Inspector, Recusal

pytestmark = pytest.mark.django_db


def test_officer_registers_an_inspector_toggles_availability_and_records_a_recusal(
    personas, login, make_user
):
    colleague = make_user(Role.BUREAU_OFFICER, "colleague")
    client = login(personas["officer"])
    page = client.get("/inspections/pool/").content.decode()
    assert "添加执法人员或修改执法证号" in page and "colleague" in page
    client.post("/inspections/pool/inspectors/", {"user": colleague.pk, "certificate_number": "33090226099",
                                                   "available": "on"})  # fmt: skip
    inspector = Inspector.objects.get(user=colleague)
    assert inspector.certificate_number == "33090226099" and inspector.available
    client.post(f"/inspections/pool/inspectors/{inspector.pk}/availability/")
    inspector.refresh_from_db()
    assert not inspector.available
    fish = personas["fish"]
    client.post("/inspections/pool/recusals/", {"inspector": inspector.pk, "credit_code": fish.credit_code.lower(),
                                                 "reason": "近三年曾为该企业提供服务"})  # fmt: skip
    recusal = Recusal.objects.get(inspector=inspector)
    assert recusal.facility_id == fish.pk and recusal.reason == "近三年曾为该企业提供服务"
    page = client.get("/inspections/pool/").content.decode()
    assert "近三年曾为该企业提供服务" in page
    client.post(f"/inspections/pool/recusals/{recusal.pk}/remove/")
    assert not Recusal.objects.filter(inspector=inspector).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="inspections.").values_list("action", flat=True)
    )
    assert actions.count("inspections.inspector_register") == 2
    assert "inspections.recusal_add" in actions and "inspections.recusal_remove" in actions


def test_bad_input_says_what_is_wrong_and_stores_nothing(personas, login, make_user):
    client = login(personas["officer"])
    response = client.post("/inspections/pool/inspectors/", {"user": personas["officer"].pk,
                                                              "certificate_number": ""}, follow=True)  # fmt: skip
    assert "执法证号" in response.content.decode()
    assert not Inspector.objects.filter(user=personas["officer"]).exists()
    inspector = Inspector.objects.create(user=personas["officer"], certificate_number="A-1")
    response = client.post("/inspections/pool/recusals/", {"inspector": inspector.pk, "credit_code": "NOPE",
                                                            "reason": "x"}, follow=True)  # fmt: skip
    assert "没有统一社会信用代码为 NOPE 的排污单位" in response.content.decode()
    assert not Recusal.objects.exists()


def test_only_bureau_officers_manage_the_pool(personas, login):
    inspector = Inspector.objects.create(user=personas["officer"], certificate_number="A-1")
    for who in ("leader", "town_chengdong", "shipyard_manager", "sysadmin"):
        client = login(personas[who])
        response = client.post(f"/inspections/pool/inspectors/{inspector.pk}/availability/")
        assert response.status_code in (403, 404), who
    inspector.refresh_from_db()
    assert inspector.available


def test_the_inspector_form_offers_active_bureau_officers_by_name_and_username(make_user):
    from ecopermit.inspections.forms import InspectorForm

    colleague = make_user(Role.BUREAU_OFFICER, "colleague", display_name="王芳")
    make_user(Role.ENTERPRISE, "outsider")
    choices = [(value, label) for value, label in InspectorForm().fields["user"].choices]
    assert [label for _value, label in choices] == ["王芳（colleague）"]
    assert choices[0][0] == colleague.pk
