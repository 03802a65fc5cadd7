"""The demo complaints: a dozen, a group of three near the demo shipyard upheld with a problem raised, one replied."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ecopermit.cases.models import Problem
from ecopermit.complaints.models import Complaint
from ecopermit.demo.complaints import demo_complaints_load

pytestmark = pytest.mark.django_db


def test_the_demo_complaints():
    call_command("load_demo", facilities=80, stdout=io.StringIO())
    assert Complaint.objects.count() == 12
    upheld = Complaint.objects.get(finding="upheld")
    assert upheld.members.count() == 2 and upheld.facility is not None
    assert Problem.objects.get(pk=upheld.problem_id).source == "complaint"
    assert upheld.records.filter(kind="visit").exists() and upheld.records.filter(kind="mediation").exists()
    assert Complaint.objects.filter(status="replied", satisfaction="basically").count() == 1
    assert Complaint.objects.filter(status="declined").count() == 1
    assert demo_complaints_load() == 0  # once
