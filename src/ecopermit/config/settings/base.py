"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from ecopermit.config.env import env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = Path(env_str("ECOPERMIT_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("ECOPERMIT_VAR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "huey.contrib.djhuey",
    "ecopermit.core",
    "ecopermit.site",
    "ecopermit.accounts",
    "ecopermit.registry",
    "ecopermit.catalog",
    "ecopermit.monitoring",
    "ecopermit.cases",
    "ecopermit.inspections",
    "ecopermit.filings",
    "ecopermit.enforcement",
    "ecopermit.complaints",
    "ecopermit.assistance",
    "ecopermit.credit",
    "ecopermit.disclosure",
    "ecopermit.portal",
    "ecopermit.flows",
    "ecopermit.demo",
]

# Extension points (core/hooks.py): the apps above answer what a lower app asks, without it importing them.
ECOPERMIT_HOOKS = {
    "inventory_changed": ["ecopermit.flows.services.inventory_changed"],
    "classification_changed": ["ecopermit.flows.services.classification_changed"],
    "facility_page": [
        "ecopermit.catalog.facade.facility_page",
        "ecopermit.cases.facade.facility_page",
        "ecopermit.filings.facade.facility_page",
        "ecopermit.credit.facade.facility_page",
        "ecopermit.assistance.facade.facility_page",
        "ecopermit.complaints.facade.facility_page",
    ],
    "account_page": ["ecopermit.registry.facade.account_page"],
    "case_referred": ["ecopermit.enforcement.facade.case_referred"],
    "case_page": ["ecopermit.enforcement.facade.case_page", "ecopermit.assistance.facade.case_page"],
    "upload_allowed": ["ecopermit.assistance.facade.upload_allowed"],
    "complaint_counts": ["ecopermit.complaints.facade.complaint_counts"],
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ecopermit.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ecopermit.accounts.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ecopermit.config.urls"
WSGI_APPLICATION = "ecopermit.config.wsgi.application"
ASGI_APPLICATION = "ecopermit.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecopermit.core.context_processors.platform",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ecopermit.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 2.0 8.1.4.1 (security-notes §1.1): strong hashing, password rules, lockout, idle timeout.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ecopermit.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 10))
PASSWORD_MAX_AGE = timedelta(days=env_int("PASSWORD_MAX_AGE_DAYS", 90))
# Second factor (TOTP) required for these roles (等保 8.1.4.1 d, DJB-AUTH-4: bureau staff and the three
# administrators); any other account may enrol of its own accord. `dev` (make demo) and `test` empty it.
TOTP_REQUIRED_ROLES = env_list(
    "TOTP_REQUIRED_ROLES",
    ["bureau_officer", "bureau_leader", "system_admin", "security_admin", "audit_admin"],
)
TOTP_ISSUER = env_str("TOTP_ISSUER", "EcoPermit")
# Keys for secrets stored in the database (core.crypto); empty: derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
# The three administrators work only from these networks (等保 8.1.4.4, DJB-IP-2), CIDR, comma-separated;
# empty: no restriction (say so in the 测评 file). REMOTE_ADDR is the client as nginx hands it on.
ADMIN_ALLOWED_NETWORKS = env_list("ADMIN_ALLOWED_NETWORKS", [])
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
# Screens are Chinese whatever the browser asks for (no LocaleMiddleware); English exists only as msgids.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The public read API (portal, issue 14): anonymous requests per client address.
    "DEFAULT_THROTTLE_RATES": {"public_api": env_str("ECOPERMIT_PUBLIC_API_RATE", "60/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EcoPermit API",
    "DESCRIPTION": "排污许可规范化管理平台 — inventory of fixed pollution sources",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# The district this installation serves: a jurisdiction file loaded with `ecopermit load_district`.
ECOPERMIT_DISTRICT = env_str("ECOPERMIT_DISTRICT", "dinghai")
# The maps' land and islands as GeoJSON; empty: the bundled core/districts/basemaps/<division code>.geojson.
ECOPERMIT_BASEMAP_FILE = env_str("ECOPERMIT_BASEMAP_FILE", "")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Mail (Django 6.1 MAILERS): the console in development and the demo; a deployment names its SMTP backend.
MAILERS = {"default": {"BACKEND": env_str("MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ecopermit@localhost")
# A dotted path to a class with send(phone, text); the deployment supplies its gateway.
ECOPERMIT_SMS_SENDER = env_str("ECOPERMIT_SMS_SENDER", "ecopermit.core.notify.NoSms")
# Registration-class facilities finish their improvement plan by this date (plan 二(一)2(2)); ISO date or empty.
ECOPERMIT_PROGRAMME_DEADLINE = env_str("ECOPERMIT_PROGRAMME_DEADLINE", "2021-09-30")

# The task queue: huey on SQLite in var/ by default (no services needed); Redis when HUEY_REDIS_URL is set.
_HUEY_REDIS = env_str("HUEY_REDIS_URL", "")
HUEY = (
    {"huey_class": "huey.RedisHuey", "name": "ecopermit", "url": _HUEY_REDIS, "immediate": False}
    if _HUEY_REDIS
    else {
        "huey_class": "huey.SqliteHuey",
        "name": "ecopermit",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
)
HUEY["utc"] = False  # crontab hours are local (Asia/Shanghai) hours

# The HJ 212 listener (`ecopermit ingest`): its spool, raw-frame archive and status snapshot (docs/monitoring.md).
ECOPERMIT_INGEST_SPOOL_DIR = Path(env_str("ECOPERMIT_INGEST_SPOOL_DIR", str(VAR_DIR / "hj212-spool")))
ECOPERMIT_INGEST_ARCHIVE_DIR = Path(env_str("ECOPERMIT_INGEST_ARCHIVE_DIR", str(VAR_DIR / "hj212-archive")))
ECOPERMIT_INGEST_STATUS_FILE = Path(
    env_str("ECOPERMIT_INGEST_STATUS_FILE", str(VAR_DIR / "ingest-status.json"))
)
