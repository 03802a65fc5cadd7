"""The issue's check, end to end, and the rules around it: routing, grouping, scoping, privacy, deadlines, the
inspection pool and the credit outbox."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ecopermit.cases.models import Problem
from ecopermit.complaints import facade, rules, selectors, services
from ecopermit.complaints.models import Complaint
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Notification

pytestmark = pytest.mark.django_db

SHIPYARD = (30.0215, 122.1262)  # beside 城东街道's centre
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5b54a0000000049454e44ae426082"
)


@pytest.fixture
def world(personas) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The persona facilities moved to their own places: the shipyard by 城东's centre, the other yard 3 km
    away, the fish processor on 金塘, the foundry in the 定海工业园区."""
    places = {
        "shipyard": SHIPYARD,
        "shipyard2": (30.045, 122.15),
        "fish": (30.02, 121.89),
        "foundry": (30.035, 121.995),
    }
    for key, (lat, lon) in places.items():
        type(personas[key]).objects.filter(pk=personas[key].pk).update(lat=lat, lon=lon)
    return personas


def _post_public(client: Client, **fields: Any) -> Any:
    data = {
        "kind": "odour",
        "place": "城东码头旁",
        "lat": f"{SHIPYARD[0] + 0.0008:.6f}",
        "lon": f"{SHIPYARD[1]:.6f}",
        "description": "每天晚上七点后有很浓的油漆味",
        "anonymous": "on",
        "website": "",
        **fields,
    }
    return client.post(reverse("complaints_public:form"), data, REMOTE_ADDR=fields.pop("addr", "10.0.0.1"))


def _receipt(response: Any) -> tuple[str, str]:
    text = response.content.decode()
    number = re.search(r"TS\d{4}-\d{5}", text).group(0)
    return number, Complaint.objects.get(number=number).check_code


def test_the_issue_check_end_to_end(world, client, login):  # type: ignore[no-untyped-def]
    # Anonymous files a complaint near the demo shipyard, with a photo: a receipt number and a check code.
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = _post_public(client, photos=SimpleUploadedFile("气味.png", PNG, content_type="image/png"))
    assert r.status_code == 200
    number, code = _receipt(r)
    assert code in r.content.decode()
    first = Complaint.objects.get(number=number)
    assert first.town.name == "城东街道" and first.is_lead and first.photos.count() == 1
    assert first.anonymous and first.entered_by is None
    # A second complaint about the same place and nuisance, with contact details, joins the group.
    anon = Client()
    r2 = _post_public(
        anon,
        place="码头边宿舍",
        anonymous="",
        contact_name="王阿姨",
        contact_phone="13800000000",
        lat=f"{SHIPYARD[0] + 0.0012:.6f}",
        addr="10.0.0.2",
    )
    number2, code2 = _receipt(r2)
    second = Complaint.objects.get(number=number2)
    assert second.group_lead == first and second.town == first.town
    # The town's officer was told, and sees the group in the queue with the shipyard suggested.
    town_officer = world["town_chengdong"]
    assert Notification.objects.filter(user=town_officer, text__contains=number).exists()
    c = login(town_officer)
    page = c.get(reverse("complaints:queue")).content.decode()
    assert number in page and number2 not in page  # the group shows once
    detail = c.get(reverse("complaints:detail", args=[first.pk])).content.decode()
    assert world["shipyard"].name in detail
    assert selectors.suggestions(first)[0].facility_id == world["shipyard"].pk
    # The town officer accepts, records the visit, links the shipyard and upholds the complaint.
    assert c.post(reverse("complaints:accept", args=[first.pk])).status_code == 302
    c.post(
        reverse("complaints:record_add", args=[first.pk]),
        {
            "kind": "visit",
            "on": clock.today().isoformat(),
            "text": "现场闻到明显油漆味，喷涂作业未密闭",
            "participants": "镇环保员",
        },
    )
    c.post(reverse("complaints:link", args=[first.pk]), {"facility": world["shipyard"].pk})
    c.post(
        reverse("complaints:find", args=[first.pk]),
        {"finding": "upheld", "note": "露天喷涂，VOCs 无组织排放"},
    )
    first.refresh_from_db()
    assert first.status == "found" and first.finding == "upheld" and first.problem_id
    # The shipyard's case gets a problem from the complaint.
    problem = Problem.objects.get(pk=first.problem_id)
    assert problem.facility_id == world["shipyard"].pk and problem.source == "complaint"
    assert number in problem.description
    # The reply reaches every complainant of the group.
    c.post(reverse("complaints:reply", args=[first.pk]), {"text": "经核查属实，已责令企业整改并立案跟踪。"})
    first.refresh_from_db()
    assert first.status == "replied"
    for n, k in ((number, code), (number2, code2)):
        status = Client().get(reverse("complaints_public:status"), {"number": n, "code": k}).content.decode()
        assert "已责令企业整改" in status
        assert "王阿姨" not in status and "13800000000" not in status
    # Credit reads it through the outbox; the pool reads the count through the hook.
    upheld = facade.upheld_complaints()
    assert [u.number for u in upheld] == [number] and upheld[0].facility_id == world["shipyard"].pk
    assert facade.upheld_complaints(after_id=upheld[0].record_id) == []
    assert facade.complaint_counts(since=clock.today()) == {world["shipyard"].pk: 1}
    # ... and the credit sync records it once, as an upheld complaint linked to the complaint (K1).
    from ecopermit.credit import services as credit
    from ecopermit.credit.models import CreditEvent

    credit.credit_events_sync(actor=None)
    credit.credit_events_sync(actor=None)
    (event,) = CreditEvent.objects.filter(kind="complaint_upheld")
    assert event.facility_id == world["shipyard"].pk and event.source == "complaints"
    assert number in event.summary and event.link == reverse("complaints:detail", args=[first.pk])
    # The complainant rates the reply on the status page; the officer closes the complaint.
    Client().post(
        reverse("complaints_public:status"), {"number": number2, "code": code2, "value": "satisfied"}
    )
    second.refresh_from_db()
    assert second.satisfaction == "satisfied"
    c.post(reverse("complaints:close", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "closed"


def test_the_status_page_needs_the_check_code(world, client):  # type: ignore[no-untyped-def]
    number, code = _receipt(_post_public(client))
    wrong = client.get(reverse("complaints_public:status"), {"number": number, "code": "XXXXXX"})
    assert (
        "每天晚上" not in wrong.content.decode()
        and "受理" not in wrong.content.decode().split("<form")[0][-50:]
    )
    assert selectors.public_lookup(number, "XXXXXX") is None
    assert selectors.public_lookup(number.lower(), code.lower()) is not None


def test_no_contact_details_on_any_public_page(world, client):  # type: ignore[no-untyped-def]
    r = _post_public(
        client,
        anonymous="",
        contact_name="李先生",
        contact_phone="13912345678",
        contact_email="li@example.cn",
    )
    number, code = _receipt(r)
    pages = [r, client.get(reverse("complaints_public:status"), {"number": number, "code": code})]
    for page in pages:
        text = page.content.decode()
        assert "李先生" not in text and "13912345678" not in text and "li@example.cn" not in text


def test_contact_details_or_anonymous(world, client):  # type: ignore[no-untyped-def]
    r = _post_public(client, anonymous="", contact_name="", contact_phone="")
    assert r.status_code == 200 and not Complaint.objects.exists()


def test_the_honeypot_and_the_rate_limit(world, client):  # type: ignore[no-untyped-def]
    _post_public(client, website="http://spam.example")
    assert not Complaint.objects.exists()
    for _i in range(rules.RATE_LIMIT):
        _post_public(client, kind="noise")
    assert Complaint.objects.count() == rules.RATE_LIMIT
    r = _post_public(client, kind="noise")
    assert r.status_code == 200 and Complaint.objects.count() == rules.RATE_LIMIT
    assert "alert-error" in r.content.decode()  # refused with a message, not queued
    _post_public(client, kind="noise", addr="10.9.9.9")
    assert Complaint.objects.count() == rules.RATE_LIMIT + 1
    assert not Complaint.objects.filter(client_hash="10.0.0.1").exists()  # the address itself is not kept


def test_only_photos_are_accepted(world):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        services.complaint_file(
            actor=None,
            kind="dust",
            description="工地扬尘很大",
            place="某工地",
            photos=[("x.pdf", b"%PDF-1.4")],
        )


def _file(**kw: Any) -> Complaint:
    args: dict[str, Any] = {
        "actor": None,
        "kind": "dust",
        "description": "扬尘很大，窗台全是灰",
        "place": "某处",
    }
    args.update(kw)
    return services.complaint_file(**args)


def test_routing_by_place_and_by_the_town_picked(world):  # type: ignore[no-untyped-def]
    foundry = _file(lat=30.0352, lon=121.9952)
    assert foundry.town.name == "岑港街道" and foundry.park.name == "定海工业园区"
    assert "园区铸造厂" in foundry.routing
    island = _file(lat=30.021, lon=121.90)  # no facility within 500 m: the nearest town centre, 金塘
    assert island.town.name == "金塘镇" and island.routing
    assert services.route_place(30.021, 121.90).via == "centre"
    assert services.route_place(30.0352, 121.9952).via == "facility"
    from ecopermit.core.models import Town

    picked = _file(town_id=Town.objects.get(name="白泉镇").pk)
    assert picked.town.name == "白泉镇"
    with pytest.raises(DomainError):
        _file(place="", lat=None, lon=None)
    with pytest.raises(DomainError):
        _file(lat=31.5, lon=122.0)  # outside the district


def test_town_officers_see_their_own_queue_only(world, client, login):  # type: ignore[no-untyped-def]
    chengdong = _file(lat=SHIPYARD[0], lon=SHIPYARD[1])
    jintang = _file(lat=30.02, lon=121.89, kind="noise")
    c = login(world["town_jintang"])
    page = c.get(reverse("complaints:queue")).content.decode()
    assert jintang.number in page and chengdong.number not in page
    assert c.get(reverse("complaints:detail", args=[chengdong.pk])).status_code == 404
    assert c.post(reverse("complaints:accept", args=[chengdong.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.complaint_accept(actor=world["town_jintang"], complaint=chengdong)
    # the park's officer sees the park's complaints
    park = _file(lat=30.0352, lon=121.9952, kind="smoke")
    c = login(world["park_officer"])
    assert c.get(reverse("complaints:detail", args=[park.pk])).status_code == 200
    assert c.get(reverse("complaints:detail", args=[chengdong.pk])).status_code == 404
    # the bureau sees all; an enterprise none
    c = login(world["officer"])
    page = c.get(reverse("complaints:queue")).content.decode()
    assert jintang.number in page and chengdong.number in page
    assert login(world["shipyard_manager"]).get(reverse("complaints:queue")).status_code == 403


def test_a_finding_needs_a_site_visit_and_a_member_is_handled_on_its_group(world):  # type: ignore[no-untyped-def]
    officer = world["town_chengdong"]
    lead = _file(lat=SHIPYARD[0], lon=SHIPYARD[1])
    member = _file(lat=SHIPYARD[0], lon=SHIPYARD[1] + 0.001)
    assert member.group_lead == lead
    with pytest.raises(DomainError):
        services.complaint_accept(actor=officer, complaint=member)
    services.complaint_accept(actor=officer, complaint=lead)
    with pytest.raises(DomainError):
        services.complaint_find(actor=officer, complaint=lead, finding="not_upheld", note="未发现")
    services.complaint_record_add(
        actor=officer,
        complaint=lead,
        kind="mediation",
        on=clock.today(),
        text="双方协商",
        participants="厂方、居民代表",
    )
    with pytest.raises(DomainError):  # a mediation is not the site visit
        services.complaint_find(actor=officer, complaint=lead, finding="not_upheld", note="未发现")
    services.complaint_record_add(
        actor=officer, complaint=lead, kind="visit", on=clock.today(), text="现场未闻到异味"
    )
    services.complaint_find(actor=officer, complaint=lead, finding="not_upheld", note="未发现")
    lead.refresh_from_db()
    assert lead.problem_id is None and facade.upheld_complaints() == []


def test_deadlines_remind_and_escalate(world):  # type: ignore[no-untyped-def]
    c = _file(lat=SHIPYARD[0], lon=SHIPYARD[1])
    received = c.received_on
    assert services.complaints_watch(today=received) == {"reminded": 0, "escalated": 0}
    soon = received + dt.timedelta(days=rules.ACK_DAYS - 2)
    assert services.complaints_watch(today=soon) == {"reminded": 1, "escalated": 0}
    assert services.complaints_watch(today=soon) == {"reminded": 0, "escalated": 0}  # once a day
    late = received + dt.timedelta(days=rules.ACK_DAYS + 1)
    assert services.complaints_watch(today=late)["escalated"] == 1
    assert services.complaints_watch(today=late + dt.timedelta(days=1))["escalated"] == 0  # once per deadline
    assert Notification.objects.filter(user=world["officer"], text__contains=c.number).exists()
    # shown as overdue in the queue
    with clock.travel(clock.now() + dt.timedelta(days=rules.ACK_DAYS + 1)):
        rows = selectors.queue(
            __import__("ecopermit.accounts.scope", fromlist=["scope_of"]).scope_of(world["officer"]),
            selectors.QueueFilter(overdue=True),
        )
    assert [r.pk for r in rows] == [c.pk]


def test_extension_once(world):  # type: ignore[no-untyped-def]
    officer = world["town_chengdong"]
    c = _file(lat=SHIPYARD[0], lon=SHIPYARD[1])
    with pytest.raises(DomainError):
        services.complaint_extend(actor=officer, complaint=c, reason="情况复杂")
    services.complaint_accept(actor=officer, complaint=c)
    services.complaint_extend(actor=officer, complaint=c, reason="需第三方监测")
    c.refresh_from_db()
    assert c.extended
    with pytest.raises(DomainError):
        services.complaint_extend(actor=officer, complaint=c, reason="再延")


def _upheld(world: dict[str, Any], kinds: list[str]) -> None:
    officer = world["town_chengdong"]
    for kind in kinds:
        c = _file(lat=SHIPYARD[0], lon=SHIPYARD[1], kind=kind)
        services.complaint_accept(actor=officer, complaint=c)
        services.complaint_record_add(actor=officer, complaint=c, kind="visit", on=clock.today(), text="核查")
        services.complaint_link(actor=officer, complaint=c, facility_id=world["shipyard"].pk)
        services.complaint_find(actor=officer, complaint=c, finding="upheld", note="属实")


def test_frequent_upheld_complaints_make_a_special_object_in_the_draw(world):  # type: ignore[no-untyped-def]
    from ecopermit.inspections import services as inspections
    from ecopermit.inspections.models import PoolEntry

    _upheld(world, ["odour", "noise"])
    _file(lat=SHIPYARD[0], lon=SHIPYARD[1], kind="odour")  # joins an upheld group: does not count again
    inspections.pool_refresh(actor=world["officer"])
    # (the upheld complaints' problems opened a case, itself a reason; the complaints are not one yet)
    assert not any("信访投诉" in r for r in PoolEntry.objects.get(facility=world["shipyard"]).reasons)
    _upheld(world, ["dust"])
    inspections.pool_refresh(actor=world["officer"])
    entry = PoolEntry.objects.get(facility=world["shipyard"])
    assert entry.category == "special" and "近一年信访投诉 3 次" in entry.reasons


def test_hotspots(world, login):  # type: ignore[no-untyped-def]
    _file(lat=SHIPYARD[0], lon=SHIPYARD[1])
    _file(lat=SHIPYARD[0], lon=SHIPYARD[1])  # same group: counts once
    _file(lat=30.02, lon=121.89, kind="noise")
    c = login(world["officer"])
    page = c.get(reverse("complaints:hotspots"))
    assert page.status_code == 200
    data = c.get(reverse("complaints:hotspots_data")).json()
    assert sorted(p["count"] for p in data["points"]) == [1, 1]


def test_the_facility_page_lists_its_complaints_for_the_bureau_not_the_enterprise(world, client, login):  # type: ignore[no-untyped-def]
    number, _code = _receipt(_post_public(client))
    complaint = Complaint.objects.get(number=number)
    Complaint.objects.filter(pk=complaint.pk).update(facility=world["shipyard"])
    page = reverse("registry:facility_detail", args=[world["shipyard"].pk])
    officer_view = login(world["officer"]).get(page).content.decode()
    assert "data-facility-complaints" in officer_view and number in officer_view
    enterprise_view = login(world["shipyard_manager"]).get(page).content.decode()
    assert "data-facility-complaints" not in enterprise_view and number not in enterprise_view
