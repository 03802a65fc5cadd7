"""Credit from the record (issue 14, K1): events pulled from the lower apps once each, levels proposed with each
deduction linked to its event, reviewed and published onto the facility (where the draw reads it), a serious event
re-evaluating at once, the scheme switched, and who sees what."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils.translation import gettext

from ecopermit.cases import services as case_services
from ecopermit.cases.models import Problem
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.credit import facade, services
from ecopermit.credit.models import CreditEvent, CreditLevel, CreditRepairRequest, CreditSettings
from ecopermit.enforcement import services as penalty_services
from ecopermit.enforcement.tests.conftest import notified_case
from ecopermit.inspections import facade as inspections

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def decided(personas):  # type: ignore[no-untyped-def]
    """The shipyard fined 280,000 yuan on 20 March 2026 (条例 Art. 33(1))."""
    case = notified_case(personas)
    penalty_services.hearing_request(actor=personas["officer"], case=case, requested_on=D(2026, 3, 9))
    penalty_services.hearing_record(
        actor=personas["officer"], case=case, held_on=D(2026, 3, 18), record="维持"
    )
    penalty_services.decision_make(
        actor=personas["leader"],
        case=case,
        amount=Decimal("280000"),
        reason="听证后维持",
        decided_on=D(2026, 3, 20),
    )
    return case


def test_a_decided_penalty_becomes_one_event_with_its_article_amount_and_link(personas, decided):
    officer = personas["officer"]
    first = services.credit_events_sync(actor=officer)
    assert first.created == 1 and first.by_source["enforcement.decisions"] == 1
    event = CreditEvent.objects.get()
    assert (event.kind, event.facility_id, event.occurred_on) == (
        "penalty",
        personas["shipyard"].pk,
        D(2026, 3, 20),
    )
    assert event.amount == Decimal("280000") and event.article == "第33条第1项"
    assert event.link == f"/enforcement/{decided.pk}/" and event.source == "enforcement"
    assert AuditEvent.objects.filter(action="credit.event.sync").count() == 1
    again = services.credit_events_sync(actor=officer)
    assert again.created == 0 and CreditEvent.objects.count() == 1  # a source row is never counted twice


def test_the_fined_facility_gets_a_lower_score_each_deduction_linked_to_its_event(personas, decided, login):
    officer = personas["officer"]
    services.credit_events_sync(actor=officer)
    ids = [personas["shipyard"].pk, personas["fish"].pk]
    result = services.credit_evaluate(actor=officer, facility_ids=ids, period=YEAR)
    assert result.proposed == 2
    ship = CreditLevel.objects.get(facility=personas["shipyard"])
    fish = CreditLevel.objects.get(facility=personas["fish"])
    assert (ship.score, fish.score) == (Decimal(90), Decimal(100)) and ship.status == "proposed"
    (line,) = [x for x in ship.explanation if not x["good"]]
    event = CreditEvent.objects.get()
    assert line["rule"] == "N-P1" and line["event_id"] == event.pk and line["points"] == "-10"
    assert AuditEvent.objects.filter(action="credit.level.propose", object_id=str(ship.pk)).exists()
    # The same evaluation again changes nothing.
    assert services.credit_evaluate(actor=officer, facility_ids=ids, period=YEAR).unchanged == 2
    page = login(officer).get(f"/credit/facilities/{personas['shipyard'].pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "N-P1" in html and f'href="/enforcement/{decided.pk}/"' in html


def test_publishing_writes_the_level_the_draw_reads_and_supersedes_the_last(personas, decided):
    officer = personas["officer"]
    shipyard = personas["shipyard"]
    services.credit_events_sync(actor=officer)
    services.credit_evaluate(actor=officer, facility_ids=[shipyard.pk], period=YEAR)
    row = CreditLevel.objects.get(facility=shipyard)
    services.credit_level_review(actor=officer, level_id=row.pk)
    services.credit_level_publish(actor=officer, level_id=row.pk)
    shipyard.refresh_from_db()
    row.refresh_from_db()
    assert row.status == "published" and row.level == "blue" and row.published_by == officer
    assert shipyard.credit_level == "blue"
    assert AuditEvent.objects.filter(action="facility.credit_level", object_id=str(shipyard.pk)).exists()
    assert AuditEvent.objects.filter(action="credit.level.publish", object_id=str(row.pk)).exists()
    with pytest.raises(DomainError):
        services.credit_level_publish(actor=officer, level_id=row.pk)
    # A fraud recorded by hand is serious: the facility is re-evaluated at once …
    services.credit_event_record(
        actor=officer,
        facility_id=shipyard.pk,
        kind="fraud",
        occurred_on=D(2026, 5, 6),
        summary="验收监测报告数据造假",
        reason="现场核查发现监测报告与原始记录不符",
    )
    # … and, being a downgrade (blue → yellow), published at once.
    new = CreditLevel.objects.get(facility=shipyard, trigger="serious_event")
    assert new.status == "published" and new.score == Decimal(70) and new.level == "yellow"
    assert new.period_start == D(2026, 1, 1)
    assert new.events.get(kind="status.publish").note == gettext("A serious event downgrades at once.")
    row.refresh_from_db()
    shipyard.refresh_from_db()
    assert row.status == "superseded" and row.superseded_at is not None
    assert shipyard.credit_level == "yellow"
    factors = inspections.credit_factors()
    assert (factors["blue"], factors["yellow"]) == ("1", "3/2")  # the draw checks it half as often again
    level = facade.published_level(shipyard.pk)
    assert level is not None and (level.level, level.score, level.colour) == (
        "yellow",
        Decimal(70),
        "#b58900",
    )
    assert facade.published_levels([shipyard.pk, personas["fish"].pk]).keys() == {shipyard.pk}


def test_a_transfer_to_the_police_is_a_veto_evaluated_at_once(personas, decided):
    penalty_services.transfer_record(
        actor=personas["officer"],
        case=decided,
        kind="crime",
        transferred_on=D(2026, 4, 1),
        organ="舟山市公安局定海分局",
    )
    result = services.credit_events_sync(actor=personas["officer"])
    assert result.reevaluated == 1
    row = CreditLevel.objects.get(facility=personas["shipyard"])
    assert row.veto and row.proposed_level == "red" and row.trigger == "serious_event"
    assert row.status == "published"  # a downgrade at once
    personas["shipyard"].refresh_from_db()
    assert personas["shipyard"].credit_level == "red"
    assert row.repair["needed"] and row.repair["eligible_on"] == "2028-04-01"


def test_switching_to_the_points_scheme_recomputes(personas, decided):
    officer = personas["officer"]
    services.credit_events_sync(actor=officer)
    ids = [personas["shipyard"].pk, personas["fish"].pk]
    services.credit_evaluate(actor=officer, facility_ids=ids, period=YEAR)
    for row in CreditLevel.objects.all():
        services.credit_level_publish(actor=officer, level_id=row.pk)
    assert services.active_scheme().id == "national_2013"
    assert services.credit_scheme_set(actor=officer, scheme="tonglu_points") == 2
    assert CreditSettings.objects.get().scheme == "tonglu_points"
    ship = CreditLevel.objects.get(facility=personas["shipyard"], status="proposed")
    fish = CreditLevel.objects.get(facility=personas["fish"], status="proposed")
    assert (ship.scheme, ship.score, ship.proposed_level) == ("tonglu_points", Decimal(6), "yellow")
    assert (fish.score, fish.proposed_level) == (Decimal(12), "green")
    assert ship.trigger == "scheme_switch"
    assert AuditEvent.objects.filter(action="credit.scheme.set").count() == 1
    assert services.credit_scheme_set(actor=officer, scheme="tonglu_points") == 0
    with pytest.raises(DomainError):
        services.credit_scheme_set(actor=officer, scheme="nonsense")


def test_an_event_by_hand_needs_a_reason_and_is_audited(personas):
    officer = personas["officer"]
    kwargs = {"facility_id": personas["fish"].pk, "kind": "commitment_broken", "occurred_on": D(2026, 2, 1)}
    with pytest.raises(DomainError):
        services.credit_event_record(actor=officer, summary="未按承诺完成整改", reason=" ", **kwargs)
    with pytest.raises(DomainError):
        services.credit_event_record(
            actor=officer, summary="x", reason="y", **{**kwargs, "kind": "clean_year"}
        )
    e = services.credit_event_record(
        actor=officer, summary="未按承诺完成整改", reason="告知承诺书第3条", **kwargs
    )
    assert e.source == "manual" and e.recorded_by == officer
    audit = AuditEvent.objects.get(action="credit.event.record")
    assert audit.extra["reason"] == "告知承诺书第3条"
    assert not CreditLevel.objects.exists()  # not serious: waits for the annual evaluation


def test_an_event_by_hand_taken_back_recomputes_the_proposal_and_keeps_its_record_in_the_audit(
    personas, login
):
    officer, fish = personas["officer"], personas["fish"]
    kwargs = {"facility_id": fish.pk, "occurred_on": clock.today(), "reason": "现场核实"}
    period = (clock.today().replace(month=1, day=1), clock.today())
    services.credit_evaluate(actor=officer, facility_ids=[fish.pk], period=period)
    clean = CreditLevel.objects.get(facility=fish, status="proposed").score
    e = services.credit_event_record(
        actor=officer, kind="commitment_broken", summary="未兑现告知承诺", **kwargs
    )
    services.credit_evaluate(actor=officer, facility_ids=[fish.pk], period=period)
    assert CreditLevel.objects.get(facility=fish, status="proposed").score < clean
    # An event from another part cannot be taken back here: its source withdraws it.
    synced = CreditEvent.objects.create(
        facility=fish,
        kind="penalty",
        occurred_on=clock.today(),
        recorded_at=clock.now(),
        source="enforcement",
        source_ref="decision:x",
        summary="罚款",
    )
    with pytest.raises(DomainError):
        services.credit_event_retract(actor=officer, event_id=synced.pk, reason="误录")
    synced.delete()
    # Through the screen: a reason is needed; then the event goes and the proposal is computed again.
    c = login(officer)
    c.post(f"/credit/events/{e.pk}/retract/", {"reason": " "})
    assert CreditEvent.objects.filter(pk=e.pk).exists()
    c.post(f"/credit/events/{e.pk}/retract/", {"reason": "录入错误：承诺已按期兑现"})
    assert not CreditEvent.objects.filter(pk=e.pk).exists()
    assert CreditLevel.objects.get(facility=fish, status="proposed").score == clean
    audit = AuditEvent.objects.get(action="credit.event.retract")
    assert audit.before["summary"] == "未兑现告知承诺" and audit.extra["reason"] == "录入错误：承诺已按期兑现"
    # An enterprise user cannot.
    assert login(personas["fish_manager"]).post(
        f"/credit/events/{e.pk}/retract/", {"reason": "x"}
    ).status_code in (403, 404)


def test_problems_count_once_and_a_withdrawn_one_is_withdrawn(personas):
    officer = personas["officer"]
    p = case_services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="report_missing",
        description="2025年年度执行报告逾期未提交",
        source="overdue_filing",
        source_ref="report:1",
    )
    alarm_problem = case_services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="COD 超标",
        source="monitoring_alarm",
        source_ref="alarm:99",
    )
    services.credit_events_sync(actor=officer)
    (event,) = CreditEvent.objects.all()  # the alarm's problem is counted from the alarm, not twice
    assert (event.kind, event.source_ref) == ("report_missing", f"problem:{p.pk}")
    assert event.link == f"/cases/{p.case_id}/" and alarm_problem.pk
    Problem.objects.filter(pk=p.pk).update(status="withdrawn")
    result = services.credit_events_sync(actor=officer)
    assert result.withdrawn == 1 and not CreditEvent.objects.exists()
    assert AuditEvent.objects.filter(action="credit.event.withdraw").exists()


def test_the_enterprise_sees_its_own_published_level_and_how_to_recover_only(personas, decided, login):
    officer = personas["officer"]
    services.credit_events_sync(actor=officer)
    services.credit_evaluate(actor=officer, facility_ids=[personas["shipyard"].pk], period=YEAR)
    client = login(personas["shipyard_manager"])
    page = client.get(f"/credit/facilities/{personas['shipyard'].pk}/")
    assert page.status_code == 200 and page.context["shown"] is None  # a proposal is the bureau's draft
    services.credit_level_publish(actor=officer, level_id=CreditLevel.objects.get().pk)
    page = client.get(f"/credit/facilities/{personas['shipyard'].pk}/")
    assert page.context["shown"].status == "published" and page.context["shown"].repair["needed"]
    assert client.get(f"/credit/facilities/{personas['fish'].pk}/").status_code == 404
    assert client.get("/credit/mine/").status_code == 302
    assert client.get("/credit/").status_code == 403


def test_officer_screens(personas, decided, login):
    officer = personas["officer"]
    client = login(officer)
    response = client.post("/credit/evaluate/", {"period": "this_year"})
    assert response.status_code == 302
    assert CreditEvent.objects.count() == 1 and CreditLevel.objects.count() >= 4
    listing = client.get("/credit/", {"level": "blue"})
    assert listing.status_code == 200 and personas["shipyard"].name in listing.content.decode()
    ids = list(CreditLevel.objects.values_list("pk", flat=True))
    assert client.post("/credit/publish/", {"level": ids}).status_code == 302
    assert not CreditLevel.objects.exclude(status="published").exists()
    assert client.get("/credit/", {"export": "xlsx"}).status_code == 200
    form = {
        "facility": personas["fish"].pk,
        "kind": "complaint_upheld",
        "occurred_on": "2026-04-02",
        "summary": "群众投诉夜间异味，查证属实",
        "reason": "12345 热线转办件核查属实",
    }
    assert client.post("/credit/events/", form).status_code == 302
    assert CreditEvent.objects.filter(source="manual").count() == 1
    assert client.get("/credit/scheme/").status_code == 200
    assert client.post("/credit/scheme/", {"scheme": "tonglu_points"}).status_code == 302
    assert services.active_scheme().id == "tonglu_points"
    town = login(personas["town_chengdong"])
    assert town.post("/credit/scheme/", {"scheme": "national_2013"}).status_code == 302
    assert services.active_scheme().id == "tonglu_points"  # only the bureau switches


def test_the_facility_page_shows_the_published_level(personas, decided, login):
    officer = personas["officer"]
    shipyard = personas["shipyard"]
    services.credit_events_sync(actor=officer)
    services.credit_evaluate(actor=officer, facility_ids=[shipyard.pk], period=YEAR)
    services.credit_level_publish(actor=officer, level_id=CreditLevel.objects.get().pk)
    page = login(personas["shipyard_manager"]).get(f"/inventory/facilities/{shipyard.pk}/")
    assert page.status_code == 200
    assert page.context["credit_level"].level == "blue"
    assert f'href="/credit/facilities/{shipyard.pk}/"' in page.content.decode()


def test_the_command_collects_and_evaluates_a_year(personas, decided):
    out = io.StringIO()
    call_command("credit_sync", "--year", "2026", stdout=out)
    assert "新增信用事件 1 条" in out.getvalue()
    assert CreditLevel.objects.get(facility=personas["shipyard"]).score == Decimal(90)
    assert CreditLevel.objects.filter(period_start=D(2026, 1, 1), period_end=D(2026, 12, 31)).count() == 4


def _published_with_a_deduction(personas, key: str, days_ago: int) -> CreditLevel:
    officer, facility = personas["officer"], personas[key]
    today = clock.today()
    on = today - dt.timedelta(days=days_ago)
    services.credit_event_record(
        actor=officer,
        facility_id=facility.pk,
        kind="report_missing",
        occurred_on=on,
        summary="未按期提交执行报告",
        reason="核实",
    )
    services.credit_evaluate(
        actor=officer, facility_ids=[facility.pk], period=(on - dt.timedelta(days=5), today)
    )
    pending = CreditLevel.objects.get(facility=facility, status="proposed")
    assert pending.explanation and pending.score < 100
    return services.credit_level_publish(actor=officer, level_id=pending.pk)


def test_credit_repair_after_the_clean_period_is_asked_for_and_granted(personas, login):
    level = _published_with_a_deduction(personas, "fish", days_ago=400)  # > 12 clean months ago
    enterprise = login(personas["fish_manager"])
    page = enterprise.get(f"/credit/facilities/{personas['fish'].pk}/").content.decode()
    assert "data-credit-repair" in page
    enterprise.post(
        f"/credit/facilities/{personas['fish'].pk}/repair/", {"text": "已按期提交，此后无新的扣分事件"}
    )
    (req,) = CreditRepairRequest.objects.all()
    assert req.status == "requested" and req.level == level
    with pytest.raises(DomainError):  # one at a time
        services.credit_repair_request(
            actor=personas["fish_manager"], facility_id=personas["fish"].pk, text="再次"
        )
    with pytest.raises(DomainError):  # a refusal needs the reason
        services.credit_repair_decide(actor=personas["officer"], request_id=req.pk, grant=False, note=" ")
    login(personas["officer"]).post(f"/credit/repairs/{req.pk}/decide/", {"grant": "1"})
    req.refresh_from_db()
    assert req.status == "granted" and req.new_level is not None
    new = req.new_level
    assert new.status == "published" and new.trigger == "repair" and new.score > level.score
    # evaluated over the clean period: from the day after the deduction to today
    assert new.period_start == clock.today() - dt.timedelta(days=399) and new.period_end == clock.today()
    level.refresh_from_db()
    assert level.status == "superseded"
    assert AuditEvent.objects.filter(action__in=["credit.repair.request", "credit.repair.grant"]).count() == 2


def test_credit_repair_before_the_clean_period_is_refused_with_the_day_it_opens(personas, login):
    _published_with_a_deduction(personas, "fish", days_ago=30)
    with pytest.raises(DomainError) as e:
        services.credit_repair_request(
            actor=personas["fish_manager"], facility_id=personas["fish"].pk, text="已整改"
        )
    assert "20" in str(e.value.message)  # names the day, e.g. 2027-11-08
    # another enterprise cannot ask for this facility
    r = login(personas["shipyard_manager"]).post(
        f"/credit/facilities/{personas['fish'].pk}/repair/", {"text": "x"}
    )
    assert r.status_code in (403, 404) and not CreditRepairRequest.objects.exists()


def test_every_source_has_its_name_in_words():
    from ecopermit.credit.sources import SOURCES
    from ecopermit.credit.vocab import SOURCE_LABELS

    assert {src.name for src in SOURCES.values()} | {"manual"} <= set(SOURCE_LABELS)
