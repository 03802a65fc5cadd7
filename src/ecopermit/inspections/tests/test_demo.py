"""The demo district shows the 双随机 flow: a plan of the current quarter, its seed published before a recorded,
verifiable draw, completed inspections with findings raised as problems; loading twice adds nothing (E1, E2)."""

from __future__ import annotations

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.demo.cases import demo_cases_load
from ecopermit.demo.inspections import demo_inspections_load
from ecopermit.demo.services import demo_load
from ecopermit.inspections import services
from ecopermit.inspections.models import Inspection, SamplingPlan

pytestmark = pytest.mark.django_db


def test_demo_plan_draw_and_inspections():
    demo_load(facilities=60)
    demo_cases_load()
    created = demo_inspections_load()
    assert created >= 3
    plan = SamplingPlan.objects.get(is_demo=True)
    assert plan.status == "drawn" and plan.seed_published_at < plan.drawn_at
    assert services.plan_verify(plan).ok
    assert AuditEvent.objects.filter(action="inspections.draw", object_id=str(plan.pk)).exists()
    assert Inspection.objects.filter(status="published").exists()
    assert Inspection.objects.filter(kind="non_site", non_site_source="electricity").exists()
    with_findings = Inspection.objects.filter(findings__isnull=False).distinct()
    assert with_findings.exists()
    for inspection in with_findings:
        for finding in inspection.findings.all():
            assert Problem.objects.get(pk=finding.problem_id).facility_id == inspection.facility_id
    assert demo_inspections_load() == 0
    assert SamplingPlan.objects.count() == 1
