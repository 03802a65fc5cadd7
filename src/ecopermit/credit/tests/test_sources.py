"""The sources credit reads through the lower apps' facades (read functions added for issue 14): online-monitoring
alarms, inspection results, rectification milestones; each pulled once, a window source's vanished rows withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ecopermit.cases import facade as cases_facade
from ecopermit.cases import services as case_services
from ecopermit.cases.models import CaseEvent, RectificationCase
from ecopermit.core import clock
from ecopermit.credit import services
from ecopermit.credit.models import CreditEvent, SyncCursor
from ecopermit.inspections import facade as inspections_facade
from ecopermit.inspections import services as inspection_services
from ecopermit.inspections.models import Inspection
from ecopermit.monitoring import facade as monitoring_facade
from ecopermit.monitoring.models import Alarm

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_alarms_count_unless_explained_by_a_declaration(personas):
    today = clock.today()
    fish = personas["fish"]
    made = [
        Alarm.objects.create(
            kind=kind,
            number=f"BJ-{n}",
            facility=fish,
            pollutant="w01018",
            statistic="hourly",
            period_start=_at(today),
            period_end=_at(today),
            episode_start=_at(today),
            status=status,
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        for n, (kind, status) in enumerate(
            [
                ("exceedance", "open"),
                ("missing_data", "closed"),
                ("exceedance", "explained"),
                ("electricity", "open"),
            ]
        )
    ]
    refs = monitoring_facade.alarms_since(today)
    assert [(r.kind, r.explained) for r in refs] == [
        ("exceedance", False),
        ("missing_data", False),
        ("exceedance", True),
        ("electricity", False),
    ]
    services.credit_events_sync(actor=None)
    assert sorted(CreditEvent.objects.values_list("kind", "source_ref")) == [
        ("abnormal_data", f"alarm:{made[1].pk}"),
        ("exceedance", f"alarm:{made[0].pk}"),
    ]
    assert CreditEvent.objects.get(kind="exceedance").link == f"/monitoring/alarms/{made[0].pk}/"
    # The open exceedance explained afterwards by an accepted declaration: withdrawn at the next sync.
    Alarm.objects.filter(pk=made[0].pk).update(status="explained")
    result = services.credit_events_sync(actor=None)
    assert result.withdrawn == 1 and CreditEvent.objects.count() == 1


def test_a_clean_inspection_is_a_good_record_item(personas, make_user):
    officer = personas["officer"]
    a = inspection_services.inspector_register(actor=officer, user=officer, certificate_number="3309020001")
    b = inspection_services.inspector_register(
        actor=officer, user=make_user("bureau_officer", "inspector2"), certificate_number="3309020002"
    )
    now = clock.now()
    clean, found = (
        Inspection.objects.create(
            facility=personas[key],
            number=f"JC-{key}",
            kind="ad_hoc",
            checklist="general",
            status="completed",
            inspector1=a,
            inspector2=b,
            outcome=outcome,
            completed_at=now,
        )
        for key, outcome in (("fish", "compliant"), ("shipyard", "problems"))
    )
    refs = inspections_facade.inspection_outcomes(clock.today())
    assert [(r.pk, r.outcome) for r in refs] == [(clean.pk, "compliant"), (found.pk, "problems")]
    services.credit_events_sync(actor=None)
    (event,) = CreditEvent.objects.all()  # problems found come through the case, not as an inspection event
    assert (event.kind, event.facility_id, event.link) == (
        "good_inspection",
        personas["fish"].pk,
        f"/inspections/{clean.pk}/",
    )


def test_rectification_overdue_and_accepted_on_time_with_a_cursor(personas):
    officer = personas["officer"]
    problem = case_services.problem_raise(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        kind="no_auto_monitoring",
        description="未安装在线监测",
        source="survey",
    )
    case = RectificationCase.objects.get(pk=problem.case_id)
    today = clock.today()
    RectificationCase.objects.filter(pk=case.pk).update(deadline=today)
    overdue = CaseEvent.objects.create(case=case, at=clock.now(), kind="status.escalate", to_status="overdue")
    milestones = cases_facade.case_milestones(after_id=overdue.pk - 1)
    assert [(m.status, m.on, m.on_time) for m in milestones] == [("overdue", today, False)]
    services.credit_events_sync(actor=None)
    assert SyncCursor.objects.get(source="cases.milestones").last_id == overdue.pk
    accepted = CaseEvent.objects.create(case=case, at=clock.now(), kind="status.accept", to_status="accepted")
    services.credit_events_sync(actor=None)
    kinds = dict(CreditEvent.objects.values_list("source_ref", "kind"))
    assert kinds == {
        f"case_event:{overdue.pk}": "rectification_overdue",
        f"case_event:{accepted.pk}": "good_rectification",
    }
    assert services.credit_events_sync(actor=None).created == 0
