"""Writes on accounts: login with lockout, logout, passwords, users and role grants. Each leaves an audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ecopermit.accounts.models import LoginThrottle, RoleGrant, User
from ecopermit.accounts.roles import ADMIN_ROLES, Role
from ecopermit.accounts.scope import Scope, scope_of
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str = ""
    user: User | None = None
    needs_second_factor: bool = False


# Session keys of the second factor: the state of this session ("none": the account has no authenticator;
# "verified": a code was given at sign-in or enrolment), and the sign-in awaiting its code.
OTP_STATE = "otp"
OTP_PENDING = "otp_pending"
OTP_PENDING_SECONDS = 300


def _throttle(username: str) -> LoginThrottle:
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
        username=username.lower()[:150]
    )
    return throttle


def login_attempt(*, request: HttpRequest, username: str, password: str) -> LoginResult:
    """Checks the lockout, then the password. 5 consecutive failures lock the username for 15 minutes
    (等保 2.0 8.1.4.1, security-notes DJB-AUTH-2); the lock applies whether or not the account exists, so the
    answer never tells which usernames are real."""
    now = clock.now()
    generic = _("Wrong username or password.")
    with transaction.atomic():
        throttle = _throttle(username)
        if throttle.locked_until and throttle.locked_until > now:
            minutes = int((throttle.locked_until - now).total_seconds() // 60) + 1
            audit_record(
                actor=None, action="login.locked", username=username, outcome=AuditEvent.Outcome.FAILURE
            )
            return LoginResult(
                False,
                _("Too many failed attempts: this account is locked. Try again in %(m)d minutes.")
                % {"m": minutes},
            )
    user = authenticate(request, username=username, password=password)
    if user is not None and not admin_address_allowed(scope_of(user), request.META.get("REMOTE_ADDR")):
        audit_record(
            actor=user, action="login.refused_network", outcome=AuditEvent.Outcome.FAILURE, username=username
        )
        return LoginResult(False, _("Administrators sign in only from the bureau's network."))
    with transaction.atomic():
        throttle = _throttle(username)
        if user is None:
            if _record_failure(throttle, username, now):
                return LoginResult(
                    False,
                    _("Too many failed attempts: this account is locked for %(m)d minutes.")
                    % {"m": int(settings.LOGIN_LOCKOUT.total_seconds() // 60)},
                )
            return LoginResult(False, generic)
        if has_authenticator(user):
            # The password is right; the sign-in completes with the code (the failure count stays until then).
            request.session[OTP_PENDING] = {"user": user.pk, "username": username, "at": now.timestamp()}
            audit_record(actor=user, action="login.password_ok")
            return LoginResult(False, user=user, needs_second_factor=True)
        _complete_login(request, user, throttle, now, otp_state="none")
    return LoginResult(True, user=user)


def admin_address_allowed(scope: Scope, address: str | None) -> bool:
    """DJB-IP-2: an account holding an administrator role works only from ADMIN_ALLOWED_NETWORKS (when set)."""
    import ipaddress

    networks = settings.ADMIN_ALLOWED_NETWORKS
    if not networks or not scope.is_admin:
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net.strip(), strict=False) for net in networks if net.strip())


def _record_failure(throttle: LoginThrottle, username: str, now: Any, *, stage: str = "password") -> bool:
    """Counts a failed sign-in; the 5th in a row locks the username. Returns whether it is now locked."""
    throttle.failures += 1
    throttle.last_failure_at = now
    locked = throttle.failures >= settings.LOGIN_FAILURE_LIMIT
    if locked:
        throttle.locked_until = now + settings.LOGIN_LOCKOUT
        throttle.failures = 0
    throttle.save()
    audit_record(
        actor=None,
        action="login.lockout" if locked else "login.failure",
        username=username,
        outcome=AuditEvent.Outcome.FAILURE,
        extra=None if stage == "password" else {"stage": stage},
    )
    return locked


def has_authenticator(user: User) -> bool:
    from ecopermit.accounts.models import TotpDevice

    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _complete_login(
    request: HttpRequest, user: User, throttle: LoginThrottle, now: Any, *, otp_state: str
) -> None:
    throttle.failures = 0
    throttle.locked_until = None
    throttle.save()
    login(request, user, backend=getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"))
    request.session["login_at"] = now.timestamp()
    request.session["last_activity"] = now.timestamp()
    request.session[OTP_STATE] = otp_state
    request.session.pop(OTP_PENDING, None)
    audit_record(actor=user, action="login.success", extra={"second_factor": otp_state == "verified"})


def login_second_factor(*, request: HttpRequest, code: str) -> LoginResult:
    """The code of a sign-in whose password was right. A wrong code counts as a failed sign-in (lockout after
    5); the pending sign-in lapses after 5 minutes."""
    from ecopermit.accounts import totp
    from ecopermit.accounts.models import TotpDevice

    now = clock.now()
    pending = request.session.get(OTP_PENDING)
    if not pending or now.timestamp() - pending["at"] > OTP_PENDING_SECONDS:
        request.session.pop(OTP_PENDING, None)
        return LoginResult(False, _("The sign-in has lapsed: enter your password again."))
    username = pending["username"]
    with transaction.atomic():
        throttle = _throttle(username)
        if throttle.locked_until and throttle.locked_until > now:
            request.session.pop(OTP_PENDING, None)
            audit_record(
                actor=None, action="login.locked", username=username, outcome=AuditEvent.Outcome.FAILURE
            )
            return LoginResult(False, _("Too many failed attempts: this account is locked. Try again later."))
        device = TotpDevice.objects.select_for_update().filter(user_id=pending["user"]).first()
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        step = None
        if device is not None and user is not None:
            step = totp.verify(device.secret, code, now.timestamp(), device.last_step)
        if device is None or user is None or step is None:
            if _record_failure(throttle, username, now, stage="second_factor"):
                request.session.pop(OTP_PENDING, None)
            return LoginResult(False, _("Wrong or already used code."))
        device.last_step = step
        device.save(update_fields=["last_step"])
        _complete_login(request, user, throttle, now, otp_state="verified")
    return LoginResult(True, user=user)


@transaction.atomic
def totp_begin(*, user: User) -> Any:
    """A new secret for the account's authenticator, to be confirmed with a code. Refused when one is
    already confirmed (the security administrator resets it)."""
    from ecopermit.accounts import totp
    from ecopermit.accounts.models import TotpDevice

    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise DomainError(_("Two-factor sign-in is already set up for this account."))
    if device is None:
        device = TotpDevice(user=user)
        device.secret = totp.new_secret()  # the property encrypts it into secret_encrypted
        device.save(force_insert=True)
    return device


def totp_confirm(*, request: HttpRequest, user: User, code: str) -> None:
    """Confirms the authenticator with its first code; from then on every sign-in asks for a code."""
    from ecopermit.accounts import totp
    from ecopermit.accounts.models import TotpDevice

    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
        if device is None:
            raise DomainError(_("Start the set-up again: no authenticator is waiting for confirmation."))
        step = totp.verify(device.secret, code, clock.now().timestamp(), None)
        if step is not None:
            device.confirmed_at = clock.now()
            device.last_step = step
            device.save(update_fields=["confirmed_at", "last_step"])
            request.session[OTP_STATE] = "verified"
            audit_record(actor=user, action="2fa.enrol", obj=user)
            return
    audit_record(actor=user, action="2fa.enrol", obj=user, outcome=AuditEvent.Outcome.FAILURE)
    raise DomainError(
        _("Wrong code: check the time on the phone and enter the code shown now."), field="code"
    )


@transaction.atomic
def totp_reset(*, actor: User, user: User) -> bool:
    """The security administrator removes an account's authenticator (lost phone); the account enrols again."""
    from ecopermit.accounts.models import TotpDevice

    deleted, _rows = TotpDevice.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=actor, action="2fa.reset", obj=user)
    return bool(deleted)


def logout_user(*, request: HttpRequest, reason: str = "logout") -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit_record(actor=user, action=f"session.{reason}")
    logout(request)


@transaction.atomic
def password_change(*, actor: User, user: User, new_password: str) -> None:
    if actor.pk != user.pk:
        raise DomainError(_("Only the account holder may change this password here."))
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password") from exc
    if user.check_password(new_password):
        raise DomainError(_("The new password must differ from the current one."), field="new_password")
    user.set_password(new_password)
    user.password_changed_at = clock.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record(actor=actor, action="password.change", obj=user)


def _grant_snapshot(user: User) -> list[dict[str, Any]]:
    return [
        {"role": g.role, "town": g.town_id, "park": g.park_id, "department": g.department_id}
        for g in user.role_grants.order_by("role", "pk")
    ]


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    password: str,
    organisation: str = "",
    phone: str = "",
    must_change_password: bool = True,
    is_demo: bool = False,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(u)s is taken.") % {"u": username}, field="username")
    candidate = User(username=username, display_name=display_name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user = User.objects.create_user(
        username=username,
        password=password,
        display_name=display_name,
        organisation=organisation,
        phone=phone,
        must_change_password=must_change_password,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={"username": username, "display_name": display_name, "organisation": organisation},
    )
    return user


@transaction.atomic
def role_grant(
    *, actor: User | None, user: User, role: str, town: Any = None, park: Any = None, department: Any = None
) -> RoleGrant:
    """Grants a role. Refuses a second administrator role (三员分立) and a role without its jurisdiction."""
    user = User.objects.select_for_update().get(pk=user.pk)
    held = set(user.role_grants.values_list("role", flat=True))
    if role in ADMIN_ROLES and (held & ADMIN_ROLES) - {role}:
        raise DomainError(
            _("An account may hold only one of the system, security and audit administrator roles."),
            field="role",
        )
    if (role in ADMIN_ROLES and held - ADMIN_ROLES) or (role not in ADMIN_ROLES and held & ADMIN_ROLES):
        raise DomainError(
            _("Administrator accounts hold no business role, and the other way round."), field="role"
        )
    if role == Role.TOWN_OFFICER and town is None and park is None:
        raise DomainError(_("A town officer needs a town/street or a park."), field="town")
    if role == Role.DEPARTMENT_OFFICER and department is None:
        raise DomainError(_("A department officer needs a department."), field="department")
    before = _grant_snapshot(user)
    grant, _created = RoleGrant.objects.get_or_create(
        user=user, role=role, town=town, park=park, department=department
    )
    audit_record(actor=actor, action="role.grant", obj=user, before=before, after=_grant_snapshot(user))
    return grant


@transaction.atomic
def role_revoke(*, actor: User | None, grant: RoleGrant) -> None:
    user = grant.user
    before = _grant_snapshot(user)
    grant.delete()
    audit_record(actor=actor, action="role.revoke", obj=user, before=before, after=_grant_snapshot(user))


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    if actor.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    before = {"is_active": user.is_active}
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    audit_record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        obj=user,
        before=before,
        after={"is_active": active},
    )


def _end_sessions(user: User) -> None:
    """Deactivation ends the user's sessions at once (ASVS 7.4.2)."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def users_disable_dormant(*, actor: Actor, days: int = 90) -> list[str]:
    """Disables accounts unused for ``days`` days (等保 DJB-AC-1: 及时删除或停用多余的、过期的账户) and ends their
    sessions. Accounts that never signed in count from their creation. Returns the usernames disabled."""
    from django.db.models import Q

    cutoff = clock.now() - dt.timedelta(days=days)
    dormant = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    names = []
    for user in dormant:
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            _end_sessions(user)
            audit_record(
                actor=actor,
                action="user.disable_dormant",
                obj=user,
                before={"is_active": True},
                after={"is_active": False},
                extra={"days": days},
            )
        names.append(user.username)
    return names
