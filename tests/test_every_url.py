"""Every URL, visited as every role (issue 2; 等保 DJB-AC-2, DJB-AC-4).

Each view must declare who may see it; this walks the URL configuration, so a new view without a
declaration, or one that lets the wrong role in, fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ecopermit.accounts.access import AUTHENTICATED, PUBLIC
from ecopermit.accounts.roles import Role
from ecopermit.accounts.scope import scope_of

pytestmark = pytest.mark.django_db

PERSONAS = [
    "officer",
    "leader",
    "town_chengdong",
    "park_officer",
    "dept_jxj",
    "shipyard_manager",
    "agency",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "nobody",
]


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> list[tuple[str, str, Any]]:
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            found += _walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            found.append((prefix + str(p.pattern), f"{ns}{p.name}", p.callback))
    return found


def _access(callback: Any) -> Any:
    if hasattr(callback, "access"):
        return callback.access
    cls = getattr(callback, "cls", None)
    if cls is not None and hasattr(cls, "allowed_roles"):
        return frozenset(cls.allowed_roles)
    view_class = getattr(callback, "view_class", None)
    return getattr(view_class, "access", None)


def _concrete(route: str, sample: dict[str, Any]) -> str:
    path = "/" + route.lstrip("^").rstrip("$")
    for key, value in sample.items():
        path = path.replace(f"<int:{key}>", str(value)).replace(f"<slug:{key}>", str(value))
        path = path.replace(f"(?P<{key}>[^/.]+)", str(value))
    assert "<" not in path and "(?P" not in path, f"no sample value for {route}"
    return path


def _sample(personas: dict[str, Any], name: str, user: Any) -> dict[str, Any]:
    from ecopermit.registry.selectors import facilities_visible

    visible = facilities_visible(scope_of(user)).order_by("pk").first() if user else None
    facility = visible or personas["shipyard"]
    case = facility.cases.first()
    grant = personas["officer"].role_grants.first()
    batch = _import_batch(personas)
    by_name = {
        "accounts:role_revoke": grant.pk,
        "accounts:user_detail": personas["officer"].pk,
        "accounts:user_active": personas["officer"].pk,
        "access:facility_access_grant": personas["shipyard_manager"].pk,
        "accounts:totp_reset": personas["shipyard_manager"].pk,
        "access:facility_access_revoke": personas["shipyard_manager"].pk,
        "cases:notice_acknowledge": case.notices.first().pk,
        "cases:notice_download": case.notices.first().pk,
        "cases:document_review": case.documents.first().pk,
        "cases:document_download": case.documents.first().pk,
    }
    by_name.update(_app_samples(personas, user))
    if name.startswith("cases:"):
        default = case.pk
    elif "import" in name:
        default = batch.pk
    else:
        default = facility.pk
    access = personas["shipyard_manager"].facility_access.first()
    return {
        "pk": by_name.get(name, default),
        "access_id": access.pk,
        "tab": "outlets",
        "facility_pk": facility.pk,
        "which": "problems",
        "fmt": "docx",
    }


@pytest.fixture
def with_cases(personas):  # type: ignore[no-untyped-def]
    """A case with a notice and a document on each facility, its problem pushed by 区经信局."""
    import datetime as dt

    from ecopermit.cases import services
    from ecopermit.core.models import Department

    dept = Department.objects.get(name="区经信局")
    for key in ("shipyard", "shipyard2", "fish", "foundry"):
        problem = services.problem_raise(
            actor=personas["officer"],
            facility_id=personas[key].pk,
            kind="no_auto_monitoring",
            description="未安装在线监测",
            source="survey",
            department=dept,
        )
        services.notice_issue(
            actor=personas["officer"],
            case=problem.case,
            deadline=dt.date(2027, 6, 1),
            served_on=dt.date(2026, 12, 1),
        )
        services.document_upload(
            actor=personas["officer"], case=problem.case, kind="other", name="a.pdf", content=b"%PDF-1.4 x"
        )
    return personas


APPS_WITH_SAMPLES = (
    "monitoring",
    "inspections",
    "enforcement",
    "cases",
    "filings",
    "disclosure",
    "credit",
    "portal",
    "assistance",
    "complaints",
)


def _app_samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    """Each app may ship ``tests/url_samples.py`` with ``samples(personas, user) -> {url name: pk}``,
    creating the objects its URLs need, so a new app's views join this walk without editing this file."""
    import importlib

    found: dict[str, Any] = {}
    for app in APPS_WITH_SAMPLES:
        try:
            module = importlib.import_module(f"ecopermit.{app}.tests.url_samples")
        except ModuleNotFoundError:
            continue
        found.update(module.samples(personas, user))
    return found


_batch: dict[str, Any] = {}


def _import_batch(personas: dict[str, Any]) -> Any:
    from ecopermit.registry.models import ImportBatch

    batch = ImportBatch.objects.first()
    if batch is None:
        batch = ImportBatch.objects.create(
            file_name="survey.xlsx", sha256="0" * 64, uploaded_by=personas["officer"], status="rejected"
        )
    return batch


def test_every_view_declares_who_may_see_it():
    undeclared = [route for route, _name, cb in _walk(get_resolver().url_patterns) if _access(cb) is None]
    assert undeclared == []


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_every_url_as_every_role(persona, with_cases, client):
    personas = with_cases
    user = personas[persona] if persona else None
    if user is not None:
        client.force_login(user)
    roles = scope_of(user).roles if user else frozenset()
    failures = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        access = _access(callback)
        url = _concrete(route, _sample(personas, name, user))
        response = client.get(url)
        code = response.status_code
        is_api = url.startswith("/api/") and name != "api-schema"
        location = response.get("Location", "")
        if access == PUBLIC:
            ok = code in (200, 301, 302)  # 301: an address that moved for good (/inspections/public/)
        elif user is None:
            ok = code in (401, 403) if is_api else (code == 302 and "/accounts/login/" in location)
        elif access == AUTHENTICATED or roles & access:
            ok = code in (200, 302, 405) and "/accounts/login/" not in location
        else:
            ok = code == 403
        if not ok:
            failures.append(f"{url} ({name}) as {persona or 'anonymous'}: {code} {location}")
    assert failures == []


def test_roles_enumerated_in_the_matrix_cover_every_role(personas):
    covered = {r for p in PERSONAS for r in scope_of(personas[p]).roles}
    assert covered == set(Role.values)
