"""Two-factor sign-in (等保 2.0 8.1.4.1 d, security-notes DJB-AUTH-4): enrolment with a QR code confirmed by a
code, password + code at every sign-in, no replay, lockout counts wrong codes, required roles are sent to
enrol first, the security administrator resets a lost authenticator; all audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ecopermit.accounts import totp
from ecopermit.accounts.models import TotpDevice
from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent
from ecopermit.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _enrolled(user) -> TotpDevice:  # type: ignore[no-untyped-def]
    return TotpDevice.objects.create(user=user, secret=totp.new_secret(), confirmed_at=T0)


def _sign_in(client, username):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_enrolment_shows_a_qr_code_and_is_confirmed_by_a_code(client, make_user, login):
    user = make_user(Role.ENTERPRISE, "manager")
    client = login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page and "扫描二维码" in page
    device = TotpDevice.objects.get(user=user)
    assert device.confirmed_at is None
    assert client.post("/accounts/two-factor/", {"code": "000000"}).status_code == 200
    device.refresh_from_db()
    assert device.confirmed_at is None
    code = totp.code_at(device.secret, dt.datetime.now(dt.UTC).timestamp())
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed_at is not None
    outcomes = list(AuditEvent.objects.filter(action="2fa.enrol").values_list("outcome", flat=True))
    assert outcomes == ["failure", "success"]


def test_sign_in_needs_the_code_and_a_code_works_once(client, make_user):
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    device = _enrolled(officer)
    with time_machine.travel(T0, tick=False):
        response = _sign_in(client, "officer")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/verify/")
        assert client.get("/cases/").status_code == 302  # not signed in yet
        code = totp.code_at(device.secret, T0.timestamp())
        assert client.post("/accounts/login/verify/", {"code": code}).status_code == 302
        assert client.get("/cases/").status_code == 200
        client.post("/accounts/logout/")
        _sign_in(client, "officer")
        response = client.post("/accounts/login/verify/", {"code": code})  # the same code again
        assert response.status_code == 200 and "验证码错误或已使用" in response.content.decode()
    success = AuditEvent.objects.filter(action="login.success").get()
    assert success.extra == {"second_factor": True}


def test_wrong_codes_count_towards_the_lockout(client, make_user):
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    device = _enrolled(officer)
    with time_machine.travel(T0, tick=False):
        _sign_in(client, "officer")
        for _ in range(5):
            client.post("/accounts/login/verify/", {"code": "123456"})
        assert AuditEvent.objects.filter(action="login.lockout").exists()
        response = _sign_in(client, "officer")  # even with the right password: locked
        assert "锁定" in response.content.decode()
        assert (
            client.post("/accounts/login/verify/", {"code": totp.code_at(device.secret, T0.timestamp())})[
                "Location"
            ]
            == "/accounts/login/"
        )
    assert client.get("/cases/").status_code == 302


def test_required_role_is_sent_to_enrol_before_anything_else(client, make_user, login, settings):
    settings.TOTP_REQUIRED_ROLES = ["bureau_officer"]
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    _sign_in(client, "officer")
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
    assert client.get("/accounts/two-factor/").status_code == 200
    device = TotpDevice.objects.get(user=officer)
    client.post(
        "/accounts/two-factor/", {"code": totp.code_at(device.secret, dt.datetime.now(dt.UTC).timestamp())}
    )
    assert client.get("/cases/").status_code == 200
    manager = make_user(Role.ENTERPRISE, "manager")  # not a required role
    assert login(manager).get("/cases/").status_code == 200


def test_a_session_that_skipped_the_code_is_closed(make_user, client):
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    _enrolled(officer)
    client.force_login(officer)  # a session opened without the sign-in page
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.filter(action="session.second_factor_missing").exists()


def test_security_admin_removes_a_lost_authenticator(make_user, login):
    manager = make_user(Role.ENTERPRISE, "manager")
    _enrolled(manager)
    for who, role in (("sysadmin", Role.SYSTEM_ADMIN), ("secadmin", Role.SECURITY_ADMIN)):
        client = login(make_user(role, who))
        client.post(f"/accounts/users/{manager.pk}/two-factor/reset/")
        if who == "sysadmin":
            assert TotpDevice.objects.filter(user=manager).exists()
    assert not TotpDevice.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(action="2fa.reset")
    assert event.actor_username == "secadmin" and event.object_id == str(manager.pk)


def test_administrators_work_only_from_the_allowed_networks(client, make_user, login, settings):
    """等保 8.1.4.4 (DJB-IP-2): with ADMIN_ALLOWED_NETWORKS set, an administrator signing in from elsewhere is
    refused and audited, and a session moving elsewhere is closed; other roles are not affected."""
    settings.ADMIN_ALLOWED_NETWORKS = ["10.8.0.0/16"]
    make_user(Role.SECURITY_ADMIN, "secadmin")
    response = client.post("/accounts/login/", {"username": "secadmin", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.9")  # fmt: skip
    assert response.status_code == 200 and "只能从分局内网登录" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.refused_network", outcome="failure").exists()
    response = client.post("/accounts/login/", {"username": "secadmin", "password": PASSWORD},
                           REMOTE_ADDR="10.8.3.4")  # fmt: skip
    assert response.status_code == 302
    assert client.get("/accounts/users/", REMOTE_ADDR="10.8.3.4").status_code == 200
    response = client.get("/accounts/users/", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/accounts/users/", REMOTE_ADDR="10.8.3.4").status_code == 302  # the session is gone
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    assert login(officer).get("/cases/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_totp_key_is_stored_encrypted(make_user, settings):
    """等保 8.1.4.8: a database dump does not give the authenticator keys."""
    from cryptography.fernet import Fernet

    user = make_user(Role.ENTERPRISE, "manager")
    secret = totp.new_secret()
    device = TotpDevice.objects.create(user=user, secret=secret)
    stored = TotpDevice.objects.values_list("secret_encrypted", flat=True).get(pk=device.pk)
    assert secret not in stored and TotpDevice.objects.get(pk=device.pk).secret == secret
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # another key: cannot be read
    with pytest.raises(ValueError, match="cannot be decrypted"):
        _ = TotpDevice.objects.get(pk=device.pk).secret
