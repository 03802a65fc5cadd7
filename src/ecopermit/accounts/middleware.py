"""Session security (等保 2.0 8.1.4.1, security-notes DJB-AUTH-1/2): idle timeout, absolute lifetime,
forced password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ecopermit.accounts.scope import scope_of
from ecopermit.core import clock

# Paths a user with an expired password (or without a required second factor) may still reach.
_PASSWORD_EXEMPT = ("accounts:password_change", "accounts:logout", "accounts:login")
_TOTP_EXEMPT = (*_PASSWORD_EXEMPT, "accounts:totp")


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._enforce(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request, user):
        from ecopermit.accounts.services import admin_address_allowed, logout_user

        if not admin_address_allowed(scope_of(user), request.META.get("REMOTE_ADDR")):
            logout_user(request=request, reason="refused_network")
            messages.error(request, _("Administrators sign in only from the bureau's network."))
            return redirect(reverse("accounts:login"))

        now = clock.now().timestamp()
        session = request.session
        idle = settings.SESSION_IDLE_TIMEOUT
        if scope_of(user).short_idle:
            idle = min(idle, settings.SESSION_IDLE_TIMEOUT / 2)
        last = session.get("last_activity")
        started = session.get("login_at")
        if last is not None and now - last > idle.total_seconds():
            logout_user(request=request, reason="idle_timeout")
            messages.info(request, _("You were signed out after a period of inactivity."))
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if started is not None and now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
            logout_user(request=request, reason="expired")
            messages.info(request, _("Your session has ended. Please sign in again."))
            return redirect(reverse("accounts:login"))
        session["last_activity"] = now
        exempt = {reverse(name) for name in _PASSWORD_EXEMPT}
        expired = clock.now() - user.password_changed_at > settings.PASSWORD_MAX_AGE
        if (user.must_change_password or expired) and request.path not in exempt:
            if request.path.startswith("/api/"):
                return None  # the API answers with its own permission checks; browsers are redirected
            messages.warning(request, _("Please set a new password before you go on."))
            return redirect("accounts:password_change")
        return self._second_factor(request, user)

    def _second_factor(self, request, user):
        """DJB-AUTH-4: a session of an account with an authenticator must have passed it; an account whose role
        requires one is sent to set it up before anything else."""
        from ecopermit.accounts.services import OTP_STATE, has_authenticator, logout_user

        state = request.session.get(OTP_STATE)
        if state is None:  # a session opened otherwise than through the sign-in page
            if has_authenticator(user):
                logout_user(request=request, reason="second_factor_missing")
                return redirect(reverse("accounts:login"))
            state = request.session[OTP_STATE] = "none"
        required = settings.TOTP_REQUIRED_ROLES
        if state == "none" and required and scope_of(user).has(*required):
            if request.path in {reverse(name) for name in _TOTP_EXEMPT} or request.path.startswith("/api/"):
                return None
            messages.warning(request, _("Your role requires two-factor sign-in: set it up before you go on."))
            return redirect("accounts:totp")
        return None
