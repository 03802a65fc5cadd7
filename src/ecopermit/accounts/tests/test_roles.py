"""三员分立 and role grants (等保 DJB-AC-2/3; DESIGN 'Who uses it')."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ecopermit.accounts import services
from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Town

pytestmark = pytest.mark.django_db


def test_a_second_admin_role_is_refused(make_user):
    sysadmin = make_user(Role.SYSTEM_ADMIN, "sysadmin")
    with pytest.raises(DomainError, match="三员分立"):
        services.role_grant(actor=None, user=sysadmin, role=Role.AUDIT_ADMIN)
    assert list(sysadmin.role_grants.values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]


def test_admins_hold_no_business_role(make_user):
    auditor = make_user(Role.AUDIT_ADMIN, "auditor")
    with pytest.raises(DomainError):
        services.role_grant(actor=None, user=auditor, role=Role.BUREAU_OFFICER)
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    with pytest.raises(DomainError):
        services.role_grant(actor=None, user=officer, role=Role.SECURITY_ADMIN)


def test_deploy_check_refuses_an_account_with_two_admin_roles(make_user):
    user = make_user(Role.SYSTEM_ADMIN, "double")
    RoleGrant.objects.create(
        user=user, role=Role.AUDIT_ADMIN
    )  # bypassing the service, as a raw SQL edit would
    with pytest.raises(SystemCheckError, match="two administrator roles"):
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")


def test_there_is_no_superuser():
    with pytest.raises(NotImplementedError):
        User.objects.create_superuser("root", "x")


def test_town_officer_needs_a_place(make_user):
    user = make_user(None, "newbie")
    with pytest.raises(DomainError):
        services.role_grant(actor=None, user=user, role=Role.TOWN_OFFICER)
    grant = services.role_grant(
        actor=None, user=user, role=Role.TOWN_OFFICER, town=Town.objects.get(name="白泉镇")
    )
    assert grant.town.name == "白泉镇"


def test_grants_and_revocations_are_audited_with_before_and_after(make_user):
    secadmin = make_user(Role.SECURITY_ADMIN, "secadmin")
    user = make_user(None, "newbie")
    grant = services.role_grant(actor=secadmin, user=user, role=Role.BUREAU_OFFICER)
    services.role_revoke(actor=secadmin, grant=grant)
    events = list(AuditEvent.objects.filter(object_id=str(user.pk)).order_by("seq"))
    assert [e.action for e in events] == ["role.grant", "role.revoke"]
    assert events[0].before == [] and events[0].after[0]["role"] == "bureau_officer"
    assert events[1].after == [] and events[1].actor_username == "secadmin"


def test_security_admin_grants_through_the_screen(login, make_user):
    client = login(make_user(Role.SECURITY_ADMIN, "secadmin"))
    user = make_user(None, "newbie")
    response = client.post(f"/accounts/users/{user.pk}/", {"role": Role.BUREAU_LEADER})
    assert response.status_code == 302
    assert user.role_grants.get().role == Role.BUREAU_LEADER


def test_system_admin_creates_accounts_but_cannot_grant_roles(login, make_user):
    client = login(make_user(Role.SYSTEM_ADMIN, "sysadmin"))
    response = client.post(
        "/accounts/users/", {"username": "zhang", "display_name": "张三", "password": "Start#2026x"}
    )
    assert response.status_code == 302
    zhang = User.objects.get(username="zhang")
    assert zhang.must_change_password
    assert client.post(f"/accounts/users/{zhang.pk}/", {"role": Role.BUREAU_OFFICER}).status_code == 403
    assert not zhang.role_grants.exists()


def test_usernames_are_unique_regardless_of_case(make_user):
    make_user(None, "Officer")
    with pytest.raises(DomainError):
        services.user_create(actor=None, username="officer", display_name="x", password="Start#2026x")


def test_deactivation_ends_sessions(client, login, make_user):
    sysadmin = make_user(Role.SYSTEM_ADMIN, "sysadmin")
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    login(officer)
    assert client.get("/inventory/").status_code == 200
    services.user_set_active(actor=sysadmin, user=officer, active=False)
    assert client.get("/inventory/").status_code == 302


def test_deploy_check_warns_when_sign_in_is_not_hardened(settings):
    from ecopermit.accounts.checks import check_sign_in_hardening

    settings.TOTP_REQUIRED_ROLES = ["bureau_officer"]
    settings.ADMIN_ALLOWED_NETWORKS = []
    assert [w.id for w in check_sign_in_hardening(None)] == ["accounts.W001", "accounts.W002"]
    settings.TOTP_REQUIRED_ROLES = ["system_admin", "security_admin", "audit_admin"]
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert check_sign_in_hardening(None) == []
