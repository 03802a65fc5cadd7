"""Binding enterprise and agency accounts to facilities (G2: an enterprise user sees only its own
facilities): the security administrator grants and revokes on the account's page; every change is audited."""

from __future__ import annotations

import pytest

from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent
from ecopermit.registry.models import FacilityAccess

pytestmark = pytest.mark.django_db


def test_security_admin_binds_an_enterprise_account_which_then_sees_that_facility(personas, login, make_user):
    newcomer = make_user(Role.ENTERPRISE, "newcomer")
    fish = personas["fish"]
    manager = login(newcomer)
    assert manager.get(f"/inventory/facilities/{fish.pk}/").status_code == 404
    secadmin = login(personas["secadmin"])
    page = secadmin.get(f"/accounts/users/{newcomer.pk}/").content.decode()
    assert "该账号可查看的排污单位" in page
    response = secadmin.post(
        f"/accounts/users/{newcomer.pk}/facilities/", {"credit_code": fish.credit_code.lower()}
    )
    assert response.status_code == 302
    assert list(FacilityAccess.objects.filter(user=newcomer).values_list("facility", flat=True)) == [fish.pk]
    manager = login(newcomer)
    assert manager.get(f"/inventory/facilities/{fish.pk}/").status_code == 200
    assert manager.get(f"/inventory/facilities/{personas['shipyard'].pk}/").status_code == 404
    event = AuditEvent.objects.filter(action="facility_access.grant").get()
    assert event.actor_username == "secadmin" and event.before == [] and event.after == [fish.credit_code]
    access = FacilityAccess.objects.get(user=newcomer)
    secadmin = login(personas["secadmin"])
    secadmin.post(f"/accounts/users/{newcomer.pk}/facilities/{access.pk}/revoke/")
    assert not FacilityAccess.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.filter(action="facility_access.revoke").get().after == []
    manager = login(newcomer)
    assert manager.get(f"/inventory/facilities/{fish.pk}/").status_code == 404


def test_unknown_code_and_unbound_role_are_refused_with_a_clear_message(personas, login):
    secadmin = login(personas["secadmin"])
    manager = personas["shipyard_manager"]
    page = secadmin.post(f"/accounts/users/{manager.pk}/facilities/", {"credit_code": "91330902XXXXXXXXXX"})
    assert page.status_code == 200
    assert "没有统一社会信用代码为 91330902XXXXXXXXXX 的排污单位" in page.content.decode()
    officer = personas["officer"]
    page = secadmin.post(
        f"/accounts/users/{officer.pk}/facilities/", {"credit_code": personas["fish"].credit_code}
    )
    assert "请先授予企业用户或第三方服务机构角色" in page.content.decode()
    assert not FacilityAccess.objects.filter(user=officer).exists()


def test_only_the_security_admin_grants_facility_access(personas, login):
    manager = personas["fish_manager"]
    for who in ("sysadmin", "officer", "shipyard_manager", "auditadmin"):
        response = login(personas[who]).post(
            f"/accounts/users/{manager.pk}/facilities/", {"credit_code": personas["shipyard"].credit_code}
        )
        assert response.status_code in (403, 404), who
    assert list(FacilityAccess.objects.filter(user=manager).values_list("facility", flat=True)) == [
        personas["fish"].pk
    ]
