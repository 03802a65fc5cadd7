from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts import selectors, services
from ecopermit.accounts.access import allow, allow_authenticated, allow_public
from ecopermit.accounts.forms import (
    LoginForm,
    OtpForm,
    PasswordChangeForm,
    RoleGrantForm,
    UserCreateForm,
)
from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.pages import account_page
from ecopermit.accounts.roles import Role
from ecopermit.core.errors import DomainError


@allow_public
def login_view(request):
    if request.user.is_authenticated:
        return redirect("site:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.login_attempt(
            request=request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if result.ok:
            return _after_login(request)
        if result.needs_second_factor:
            query = f"?next={request.GET['next']}" if request.GET.get("next") else ""
            return redirect(reverse("accounts:login_verify") + query)
        form.add_error(None, result.message)
    return render(request, "accounts/login.html", {"form": form})


def _after_login(request):
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "site:home")


@allow_public
def login_verify_view(request):
    """The second step of a sign-in: the code of the account's authenticator (DJB-AUTH-4)."""
    if request.user.is_authenticated:
        return redirect("site:home")
    if not request.session.get(services.OTP_PENDING):
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.login_second_factor(request=request, code=form.cleaned_data["code"])
        if result.ok:
            return _after_login(request)
        if not request.session.get(services.OTP_PENDING):
            messages.error(request, result.message)
            return redirect("accounts:login")
        form.add_error("code", result.message)
    return render(request, "accounts/login_verify.html", {"form": form})


@allow_authenticated
def totp_view(request):
    """Set up the authenticator: scan the QR code, confirm with the first code."""
    import segno
    from django.conf import settings
    from django.utils.safestring import mark_safe

    from ecopermit.accounts import totp
    from ecopermit.accounts.models import TotpDevice

    device = TotpDevice.objects.filter(user=request.user).first()
    if device is not None and device.confirmed_at is not None:
        return render(request, "accounts/totp.html", {"device": device})
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_confirm(request=request, user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Two-factor sign-in is set up: every sign-in now asks for a code."))
            return redirect("site:home")
    device = services.totp_begin(user=request.user)
    uri = totp.otpauth_uri(device.secret, request.user.username, settings.TOTP_ISSUER)
    qr = segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#101828")
    grouped = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return render(
        request,
        "accounts/totp.html",
        {"form": form, "qr": mark_safe(qr), "secret": grouped},  # noqa: S308 (SVG made by segno from our URI)
    )


@allow(Role.SECURITY_ADMIN)
@require_POST
def totp_reset_view(request, pk: int):
    user = get_object_or_404(selectors.user_list(), pk=pk)
    if services.totp_reset(actor=request.user, user=user):
        messages.success(
            request, _("Two-factor sign-in removed: the account sets it up again at its next sign-in.")
        )
    return redirect("accounts:user_detail", pk=user.pk)


@allow_authenticated
@require_POST
def logout_view(request):
    services.logout_user(request=request)
    return redirect("accounts:login")


@allow_authenticated
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["old_password"]):
            form.add_error("old_password", _("The current password is wrong."))
        else:
            try:
                services.password_change(
                    actor=request.user, user=request.user, new_password=form.cleaned_data["new_password"]
                )
            except DomainError as exc:
                form.add_error("new_password", exc.message)
            else:
                from django.contrib.auth import update_session_auth_hash

                update_session_auth_hash(request, request.user)
                messages.success(request, _("Your password has been changed."))
                return redirect("site:home")
    return render(request, "accounts/password_change.html", {"form": form})


@allow(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
def user_list_view(request):
    page = Paginator(selectors.user_list(), 50).get_page(request.GET.get("page"))
    form = UserCreateForm(request.POST or None) if request.scope.has(Role.SYSTEM_ADMIN) else None
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                user = services.user_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Account %(u)s created.") % {"u": user.username})
                return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_list.html", {"page": page, "form": form})


@allow(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
def user_detail_view(request, pk: int):
    user = get_object_or_404(selectors.user_list(), pk=pk)
    form = RoleGrantForm(request.POST or None) if request.scope.has(Role.SECURITY_ADMIN) else None
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                services.role_grant(actor=request.user, user=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Role granted."))
                return redirect("accounts:user_detail", pk=user.pk)
    return account_page(request, user, form=form)


@allow(Role.SECURITY_ADMIN)
@require_POST
def role_revoke_view(request, pk: int):
    grant = get_object_or_404(RoleGrant, pk=pk)
    services.role_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=grant.user_id)


@allow(Role.SYSTEM_ADMIN)
@require_POST
def user_active_view(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=user, active=request.POST.get("active") == "1")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:user_detail", pk=user.pk)
