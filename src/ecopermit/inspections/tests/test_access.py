"""Every inspections URL as every role: who may open it, and scoping by facility (E1, E2; 等保 DJB-AC-2).
The same walk as tests/test_every_url.py, restricted to this app so that it runs on its own."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver

from ecopermit.accounts.access import AUTHENTICATED, PUBLIC
from ecopermit.accounts.scope import scope_of
from ecopermit.inspections.tests.url_samples import samples

pytestmark = pytest.mark.django_db

PERSONAS = [
    None,
    "officer",
    "leader",
    "town_chengdong",
    "park_officer",
    "dept_jxj",
    "shipyard_manager",
    "agency",
    "sysadmin",
    "auditadmin",
]


def _routes() -> list[tuple[str, str, object]]:
    resolver = next(r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "inspections")
    return [
        (str(resolver.pattern) + str(p.pattern), f"inspections:{p.name}", p.callback)
        for p in resolver.url_patterns
        if isinstance(p, URLPattern)
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_inspections_url_as_every_role(persona, personas, client):
    user = personas[persona] if persona else None
    if user is not None:
        client.force_login(user)
    roles = scope_of(user).roles if user else frozenset()
    failures = []
    for route, name, callback in _routes():
        sample = samples(personas, user)
        url = "/" + route.replace("<int:pk>", str(sample.get(name, 0))).replace("<slug:fmt>", "docx")
        response = client.get(url)
        access = callback.access  # type: ignore[attr-defined]
        code = response.status_code
        if access == PUBLIC:  # the old public results' address moved to /public/inspections/ for good
            ok = code == 301 if name == "inspections:public_results" else code == 200
        elif user is None:
            ok = code == 302 and "/accounts/login/" in response.get("Location", "")
        elif access == AUTHENTICATED or roles & access:
            ok = code in (200, 302, 405)
        else:
            ok = code == 403
        if not ok:
            failures.append(f"{url} ({name}) as {persona}: {code}")
    assert failures == []
