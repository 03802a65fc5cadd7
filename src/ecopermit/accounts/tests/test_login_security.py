"""Login security per security-notes §1.1 (等保 2.0 8.1.4.1): lockout, idle timeout, password rules, audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent
from ecopermit.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _post(client, username, password):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_chinese(client, district):
    response = client.get(LOGIN)
    text = response.content.decode()
    assert response.status_code == 200
    assert "排污许可" in text and "登录" in text and 'lang="zh-hans"' in text


def test_successful_login_is_audited_with_address(client, make_user):
    officer = make_user(Role.BUREAU_OFFICER, "officer")
    response = _post(client, "officer", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login.success")
    assert event.actor_id == officer.pk and event.ip == "127.0.0.1" and event.actor_role == "bureau_officer"


def test_five_failures_lock_the_account_for_fifteen_minutes(client, make_user):
    make_user(Role.BUREAU_OFFICER, "officer")
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(5):
            assert _post(client, "officer", "wrong-Pass1").status_code == 200
        response = _post(client, "officer", PASSWORD)
        assert "_auth_user_id" not in client.session
        assert "锁定" in response.content.decode()
        assert AuditEvent.objects.filter(action="login.failure").count() == 4
        assert AuditEvent.objects.filter(action="login.lockout", actor_username="officer").count() == 1
        assert AuditEvent.objects.filter(action="login.locked").count() == 1
        traveller.shift(dt.timedelta(minutes=14))
        _post(client, "officer", PASSWORD)
        assert "_auth_user_id" not in client.session
        traveller.shift(dt.timedelta(minutes=2))
        assert _post(client, "officer", PASSWORD).status_code == 302
        assert "_auth_user_id" in client.session


def test_a_success_resets_the_failure_count(client, make_user):
    make_user(Role.BUREAU_OFFICER, "officer")
    for _ in range(4):
        _post(client, "officer", "wrong-Pass1")
    assert _post(client, "officer", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _post(client, "officer", "wrong-Pass1")
    assert _post(client, "officer", PASSWORD).status_code == 302


def test_unknown_usernames_lock_too_so_the_answer_reveals_nothing(client, district):
    for _ in range(5):
        _post(client, "ghost", "wrong-Pass1")
    response = _post(client, "ghost", "wrong-Pass1")
    assert "锁定" in response.content.decode()


def test_idle_session_ends_after_thirty_minutes(client, make_user):
    make_user(Role.BUREAU_OFFICER, "officer")
    with time_machine.travel(T0, tick=False) as traveller:
        _post(client, "officer", PASSWORD)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/inventory/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/inventory/").status_code == 200  # activity slid the window
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/inventory/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(action="session.idle_timeout").exists()


def test_admin_roles_time_out_after_fifteen_minutes(client, make_user):
    make_user(Role.AUDIT_ADMIN, "auditor")
    with time_machine.travel(T0, tick=False) as traveller:
        _post(client, "auditor", PASSWORD)
        traveller.shift(dt.timedelta(minutes=16))
        assert client.get("/audit/").status_code == 302


def test_expired_password_forces_a_change(client, make_user):
    with time_machine.travel(T0, tick=False) as traveller:
        make_user(Role.BUREAU_OFFICER, "officer")
        traveller.shift(dt.timedelta(days=91))
        _post(client, "officer", PASSWORD)
        response = client.get("/inventory/")
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password": "Fresh#Pass2026", "new_password2": "Fresh#Pass2026"},
        )
        assert response.status_code == 302
        assert client.get("/inventory/").status_code == 200
        assert AuditEvent.objects.filter(action="password.change").exists()


@pytest.mark.parametrize("weak", ["abc12345", "password1", "Ab1", "12345678", "abcdefgh"])
def test_weak_passwords_are_refused(weak, district):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_strong_password_passes(district):
    validate_password("Abc!2345x")


def test_production_hashes_with_argon2():
    from ecopermit.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_is_post_only_and_audited(login, make_user):
    client = login(make_user(Role.BUREAU_OFFICER, "officer"))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action="session.logout").exists()


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    make_user(Role.BUREAU_OFFICER, "officer")
    response = client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": "officer", "password": PASSWORD}
    )
    assert response["Location"] == "/"
