"""Coverage tells the truth every day (C5, P5, issue 10 §5): the permit status follows the validity dates,
renewal reminders 60 (permit) / 20 (registration) days ahead, change reminders after a change of name, address or
legal representative. Dates are computed from the clock, and time only travels forward from it."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.models import Notification
from ecopermit.registry import facade, validity
from ecopermit.registry import services as registry_services
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import Facility, PaperworkReminder, Permit, Registration
from ecopermit.registry.paperwork import paperwork_watch
from ecopermit.registry.tasks import daily_paperwork_watch
from ecopermit.registry.vocab import PermitStatus, ReminderKind

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _on(day: dt.date):  # type: ignore[no-untyped-def]
    """Travel to ``day`` 00:20 Beijing time (just after the nightly watch would run); never backwards."""
    assert day >= clock.today()
    return time_machine.travel(dt.datetime.combine(day, dt.time(0, 20), tzinfo=SHANGHAI), tick=False)


def _permit(facility, until: dt.date, number: str = "P1") -> Permit:  # type: ignore[no-untyped-def]
    return Permit.objects.create(
        facility=facility,
        number=number,
        management_class="simplified",
        issued_on=until - dt.timedelta(days=5 * 365),
        valid_until=until,
    )


def _covered_ids() -> set[int]:
    from ecopermit.catalog.selectors import COVERED

    return set(Facility.objects.filter(COVERED).values_list("pk", flat=True))


# --- the rules -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2020, 6, 1), dt.date(2025, 5, 31)),
        (dt.date(2021, 1, 1), dt.date(2025, 12, 31)),
        (
            dt.date(2020, 2, 29),
            dt.date(2025, 2, 27),
        ),  # no 29 Feb in 2025: the period ends the day before 28 Feb
        (dt.date(2020, 3, 1), dt.date(2025, 2, 28)),
    ],
)
def test_five_year_period_end(start, end):  # type: ignore[no-untyped-def]
    assert validity.period_end(start, 5) == end
    assert validity.registration_valid_until(start, None) == end
    assert validity.registration_valid_until(start, dt.date(2030, 1, 1)) == dt.date(2030, 1, 1)


def test_status_order_and_reminder_window():
    today = dt.date(2027, 7, 1)
    p = validity.Paperwork("permit", "P", dt.date(2022, 7, 1), dt.date(2027, 6, 30))
    r = validity.Paperwork("registration", "R", dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    assert validity.status([p], today) == validity.PERMIT_EXPIRED
    assert validity.status([p], dt.date(2027, 6, 30)) == validity.PERMIT_VALID  # its last valid day
    assert validity.status([p, r], today) == validity.REGISTERED
    assert validity.status([r], dt.date(2028, 1, 1)) == validity.REGISTRATION_EXPIRED
    assert validity.status([], today) == validity.NONE
    window = [
        d for d in range(-2, 70) if validity.renewal_reminder_due(p, p.valid_until - dt.timedelta(days=d))
    ]
    assert window == list(range(0, 61))  # from 60 days before to the last valid day, never after
    window = [
        d for d in range(-2, 70) if validity.renewal_reminder_due(r, r.valid_until - dt.timedelta(days=d))
    ]
    assert window == list(range(0, 21))
    assert validity.renewal_apply_by(p) == dt.date(2027, 5, 1)
    assert validity.change_due("permit", today) == dt.date(2027, 7, 31)
    assert validity.change_due("registration", today) == dt.date(2027, 7, 21)
    assert validity.changed_fields(
        {"name": "a", "contact_name": "x"}, {"name": "b", "contact_name": "y"}
    ) == ["name"]


# --- the nightly watch ---------------------------------------------------------------------------------------


def test_an_expired_permit_is_not_covered_the_next_day(personas):
    """The issue's check: travel over the last valid day; the watch moves the facility out of coverage."""
    shipyard = personas["shipyard"]
    Facility.objects.filter(pk=shipyard.pk).update(management_class="simplified", status="operating")
    last_day = clock.today() + dt.timedelta(days=3)
    _permit(shipyard, last_day)
    registry_services.facility_refresh_permit_status(shipyard)
    assert shipyard.pk in _covered_ids()
    with _on(last_day):
        assert paperwork_watch()["status_changed"] == 0
        assert facade.expired_while_operating() == []
    with _on(last_day + dt.timedelta(days=1)):
        # before the watch has run, the facade already judges on the dates
        expired = facade.expired_while_operating()
        assert [(e.facility_id, e.kind, e.number, e.valid_until, e.expired_on) for e in expired] == [
            (shipyard.pk, "permit", "P1", last_day, last_day + dt.timedelta(days=1))
        ]
        assert daily_paperwork_watch.call_local()["status_changed"] == 1  # the huey task itself
        shipyard.refresh_from_db()
        assert shipyard.permit_status == PermitStatus.PERMIT_EXPIRED
        assert shipyard.pk not in _covered_ids()
        event = AuditEvent.objects.get(action="facility.permit_status", object_id=str(shipyard.pk))
        assert event.before == {"permit_status": "permit_valid"} and event.after == {
            "permit_status": "permit_expired"
        }
        assert paperwork_watch()["status_changed"] == 0  # idempotent
        # renewed: covered again on the next watch, and no longer expired for Art. 33(2)
        _permit(shipyard, last_day + dt.timedelta(days=5 * 365), number="P2")
        paperwork_watch()
        shipyard.refresh_from_db()
        assert shipyard.permit_status == PermitStatus.PERMIT_VALID and facade.expired_while_operating() == []


def test_a_registration_expires_five_years_after_it_was_made(personas):
    fish = personas["fish"]
    Facility.objects.filter(pk=fish.pk).update(management_class="registration")
    tomorrow = clock.today() + dt.timedelta(days=1)
    registered = next(  # the day whose 5-year period ends tomorrow
        d
        for d in (tomorrow - dt.timedelta(days=n) for n in range(1820, 1830))
        if validity.period_end(d, 5) == tomorrow
    )
    Registration.objects.create(facility=fish, number="R1", registered_on=registered)  # no end date recorded
    last_day = validity.registration_valid_until(registered, None)
    assert last_day == clock.today() + dt.timedelta(days=1)
    paperwork_watch()
    assert fish.pk in _covered_ids()
    with _on(last_day + dt.timedelta(days=1)):
        paperwork_watch()
        fish.refresh_from_db()
        assert fish.permit_status == PermitStatus.REGISTRATION_EXPIRED and fish.pk not in _covered_ids()
        assert [e.kind for e in facade.expired_while_operating()] == ["registration"]


def test_closed_facilities_are_not_reported_as_operating(personas):
    foundry = personas["foundry"]
    _permit(foundry, clock.today() - dt.timedelta(days=1))
    assert [e.facility_id for e in facade.expired_while_operating()] == [foundry.pk]
    Facility.objects.filter(pk=foundry.pk).update(status="closed")
    assert facade.expired_while_operating() == []


def test_permit_renewal_reminder_60_days_before_once(personas):
    shipyard = personas["shipyard"]
    last_day = clock.today() + dt.timedelta(days=61)
    _permit(shipyard, last_day)
    assert paperwork_watch()["reminders"] == 0  # 61 days ahead: not yet
    with _on(last_day - dt.timedelta(days=60)):
        assert paperwork_watch()["reminders"] == 1
        assert paperwork_watch()["reminders"] == 0
    with _on(last_day - dt.timedelta(days=30)):
        assert paperwork_watch()["reminders"] == 0  # sent once
    reminder = PaperworkReminder.objects.get()
    assert reminder.kind == ReminderKind.PERMIT_RENEWAL and reminder.due_on == last_day - dt.timedelta(
        days=60
    )
    assert reminder.recipients == 2
    texts = dict(Notification.objects.values_list("user__username", "text"))
    assert set(texts) == {"shipyard_manager", "town_chengdong"}  # the enterprise and its 属地 officer
    assert (
        "P1" in texts["shipyard_manager"] and (last_day - dt.timedelta(days=60)).isoformat() in reminder.text
    )
    event = AuditEvent.objects.get(action="paperwork.reminder")
    assert event.object_id == str(shipyard.pk) and event.after["kind"] == "permit_renewal"


def test_registration_renewal_reminder_20_days_before_and_not_for_a_renewed_one(personas):
    fish = personas["fish"]
    last_day = clock.today() + dt.timedelta(days=21)
    Registration.objects.create(
        facility=fish, number="R1", registered_on=dt.date(2020, 1, 1), valid_until=last_day
    )
    assert paperwork_watch()["reminders"] == 0
    with _on(last_day - dt.timedelta(days=20)):
        assert paperwork_watch()["reminders"] == 1
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "fish_manager",
        "town_jintang",
    }
    # a facility that already renewed gets no reminder for the old paperwork
    shipyard = personas["shipyard"]
    _permit(shipyard, clock.today() + dt.timedelta(days=10), number="OLD")
    _permit(shipyard, clock.today() + dt.timedelta(days=5 * 365), number="NEW")
    paperwork_watch()
    assert not PaperworkReminder.objects.filter(facility=shipyard).exists()


def test_the_command_prints_the_counts(personas):
    _permit(personas["shipyard"], clock.today() + dt.timedelta(days=10))
    out = io.StringIO()
    call_command("paperwork_watch", stdout=out)
    assert json.loads(out.getvalue()) == {"status_changed": 1, "reminders": 1}


# --- changes -------------------------------------------------------------------------------------------------


def test_a_change_of_name_on_edit_reminds_the_permit_holder_to_apply_within_30_days(personas):
    shipyard = personas["shipyard"]
    _permit(shipyard, clock.today() + dt.timedelta(days=900))
    registry_services.facility_update(
        actor=personas["officer"],
        facility=shipyard,
        changes={"name": "城东船舶修造股份有限公司", "contact_name": "周工"},
        industry_codes=[],
        reason="企业更名",
    )
    reminder = PaperworkReminder.objects.get(kind=ReminderKind.CHANGE)
    assert reminder.due_on == clock.today() + dt.timedelta(days=30)
    assert "城东船舶修造股份有限公司" in reminder.text and "30" in reminder.text
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "shipyard_manager",
        "town_chengdong",
    }
    assert AuditEvent.objects.filter(action="paperwork.reminder", after__kind="change").count() == 1
    # a change of the contact person alone calls for no 变更
    registry_services.facility_update(
        actor=personas["officer"],
        facility=shipyard,
        changes={"contact_name": "吴工"},
        industry_codes=[],
        reason="联系人变更",
    )
    assert PaperworkReminder.objects.count() == 1


def test_a_change_for_a_registration_is_due_in_20_days_and_none_without_paperwork(personas):
    fish, foundry = personas["fish"], personas["foundry"]
    Registration.objects.create(facility=fish, number="R1", registered_on=clock.today())
    for f in (fish, foundry):
        registry_services.facility_update(
            actor=personas["officer"],
            facility=f,
            changes={"legal_representative": "王五"},
            industry_codes=[],
            reason="法定代表人变更",
        )
    reminder = PaperworkReminder.objects.get()
    assert reminder.facility_id == fish.pk and reminder.due_on == clock.today() + dt.timedelta(days=20)


def test_a_change_of_address_noticed_on_import_raises_a_reminder(personas, survey_book):
    from ecopermit.registry.tests.conftest import facility_row

    shipyard = personas["shipyard"]
    _permit(shipyard, clock.today() + dt.timedelta(days=900))
    row = {
        **facility_row(1),
        "统一社会信用代码": shipyard.credit_code,
        "单位名称": shipyard.name,
        "所属镇（街道）": "城东街道",
        "地址": "定海区城东街道新港路8号",
        "行业代码": "3735",
        "纬度": 30.02,
        "经度": 122.1,
    }
    batch = survey_preview(
        actor=personas["officer"], file_name="s.xlsx", content=survey_book({"排污单位": [row]})
    )
    assert batch.status == "previewed", batch.errors
    survey_apply(actor=personas["officer"], batch_id=batch.pk)
    reminder = PaperworkReminder.objects.get(kind=ReminderKind.CHANGE)
    assert "新港路8号" in reminder.text and reminder.facility_id == shipyard.pk
