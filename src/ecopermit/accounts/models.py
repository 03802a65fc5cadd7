from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecopermit.accounts.roles import Role
from ecopermit.core import crypto


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, *args: object, **kwargs: object) -> User:
        # No everyday superuser (等保 DJB-AC-3): the three admin roles are created with `create_admin`.
        raise NotImplementedError(
            "use `ecopermit create_admin --role system_admin|security_admin|audit_admin`"
        )


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("username"), max_length=150, unique=True)
    display_name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo account"), default=False)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    @property
    def is_staff(self) -> bool:
        return False

    @property
    def role_summary(self) -> str:
        return ",".join(sorted(g.role for g in self.role_grants.all()))


class RoleGrant(models.Model):
    """One role of a user, with the jurisdiction it covers where the role is bounded by place or department."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    town = models.ForeignKey("core.Town", on_delete=models.PROTECT, null=True, blank=True)
    park = models.ForeignKey("core.Park", on_delete=models.PROTECT, null=True, blank=True)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True, blank=True)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "town", "park", "department"], name="rolegrant_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.TOWN_OFFICER)
                | models.Q(town__isnull=False)
                | models.Q(park__isnull=False),
                name="rolegrant_town_officer_has_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.DEPARTMENT_OFFICER) | models.Q(department__isnull=False),
                name="rolegrant_department_officer_has_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"


class LoginThrottle(models.Model):
    """Consecutive failed logins per username (lower-cased), whether or not such an account exists."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")


class TotpDevice(models.Model):
    """The account's authenticator (TOTP, RFC 6238): its secret, whether enrolment was confirmed with a code,
    and the last time step used (a code is never accepted twice)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_encrypted = models.CharField(max_length=255)  # core.crypto: never the key itself
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator")

    def __str__(self) -> str:
        return f"TOTP {self.user.username}"

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted)

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = crypto.encrypt(value)
