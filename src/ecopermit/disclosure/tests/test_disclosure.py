"""Disclosure (K3, K4, G6 and the data-error reports): sanitising, versions, scoping, capacity, receipts, the
public pages without personal data, the Atom feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from ecopermit.accounts.scope import scope_of
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Notification
from ecopermit.disclosure import facade, selectors, services
from ecopermit.disclosure.models import Booking, ErrorReport, OpenDay
from ecopermit.disclosure.sanitize import clean_html, plain_text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the public forms' per-address counters
    yield
    cache.clear()


def _notice(officer, title="公告一", body="<p>正文</p>", publish=True, town_id=None):
    n = services.notice_create(actor=officer, kind="notice", title=title, body=body, town_id=town_id)
    if publish:
        services.notice_move(actor=officer, notice_id=n.pk, target="published")
    n.refresh_from_db()
    return n


def _day(personas, capacity=5, days=10):
    start = clock.now() + dt.timedelta(days=days)
    return services.open_day_announce(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        title="开放日",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="东门",
        capacity=capacity,
    )


# ------------------------------------------------------------------------------------------------ sanitising


@pytest.mark.parametrize(
    "raw, gone",
    [
        ("<p>a<script>alert(1)</script></p>", ["<script", "alert(1)"]),
        ('<p onclick="steal()">a</p>', ["onclick", "steal"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript", "JaVaScRiPt"]),
        ('<img src="x" onerror="alert(1)">', ["<img", "onerror"]),
        ("<style>p{color:red}</style><p>a</p>", ["<style", "color:red"]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe"]),
        ('<p style="background:url(javascript:x)">a</p>', ["style=", "javascript"]),
    ],
)
def test_sanitiser_strips_what_runs(raw, gone):
    cleaned = clean_html(raw)
    for bad in gone:
        assert bad.lower() not in cleaned.lower()


def test_sanitiser_keeps_an_article():
    raw = '<h3>一</h3><p>文<strong>字</strong></p><ul><li>项</li></ul><a href="https://www.gov.cn/">链接</a>'
    cleaned = clean_html(raw)
    for kept in ("<h3>", "<strong>", "<li>", 'href="https://www.gov.cn/"'):
        assert kept in cleaned
    assert plain_text("<p>甲 &amp; 乙</p>") == "甲 & 乙"
    assert plain_text("<p>" + "字" * 200 + "</p>", 120).endswith("…")
    assert len(plain_text("<p>" + "字" * 200 + "</p>", 120)) == 120


def test_notice_body_is_stored_clean_and_shown_clean(personas, client):
    n = _notice(personas["officer"], body='<p onclick="x()">正文<script>alert(1)</script></p>')
    assert "script" not in n.body and "onclick" not in n.body
    html = client.get(reverse("disclosure_public:notice_detail", args=[n.pk])).content.decode()
    assert "正文" in html and "alert(1)" not in html and "onclick" not in html


# ------------------------------------------------------------------------------------------------ notices


def test_notice_workflow_and_public_visibility(personas, client):
    officer = personas["officer"]
    n = _notice(officer, publish=False)
    assert client.get(reverse("disclosure_public:notice_detail", args=[n.pk])).status_code == 404
    services.notice_move(actor=officer, notice_id=n.pk, target="published")
    assert client.get(reverse("disclosure_public:notice_detail", args=[n.pk])).status_code == 200
    with pytest.raises(DomainError):
        services.notice_move(actor=officer, notice_id=n.pk, target="withdrawn")  # no reason
    services.notice_move(actor=officer, notice_id=n.pk, target="withdrawn", note="有误")
    assert client.get(reverse("disclosure_public:notice_detail", args=[n.pk])).status_code == 404
    assert [r.title for r in facade.notices()] == []
    codes = set(AuditEvent.objects.filter(object_id=str(n.pk)).values_list("action", flat=True))
    assert {"disclosure.notice.create", "disclosure.notice.publish", "disclosure.notice.withdraw"} <= codes


def test_only_the_bureau_writes_notices(personas):
    with pytest.raises(DomainError):
        services.notice_create(actor=personas["shipyard_manager"], kind="notice", title="x", body="<p>x</p>")


def test_facade_notices_by_town(personas, district):
    from ecopermit.core.models import Town

    town = Town.objects.get(name="城东街道")
    other = Town.objects.get(name="金塘镇")
    officer = personas["officer"]
    _notice(officer, title="全区")
    _notice(officer, title="城东", town_id=town.pk)
    _notice(officer, title="金塘", town_id=other.pk)
    refs = facade.notices(town_code=town.code)
    assert {r.title for r in refs} == {"全区", "城东"}
    assert {r.title for r in facade.notices()} == {"全区", "城东", "金塘"}
    assert len(facade.notices(limit=1)) == 1
    ref = facade.notices(town_code=town.code, limit=5)[0]
    assert ref.url.startswith("/public/notices/") and ref.kind_label and ref.summary == "正文"


def test_atom_feed_parses(personas, client, district):
    from ecopermit.core.models import Town

    town = Town.objects.get(name="城东街道")
    _notice(personas["officer"], title="全区 & <公告>")
    _notice(personas["officer"], title="金塘", town_id=Town.objects.get(name="金塘镇").pk)
    _notice(personas["officer"], title="草稿", publish=False)
    response = client.get(reverse("disclosure_public:notice_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert set(titles) == {"全区 & <公告>", "金塘"}
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
    by_town = ET.fromstring(  # noqa: S314
        client.get(reverse("disclosure_public:notice_feed") + f"?town={town.code}").content
    )
    assert [e.findtext(f"{ATOM}title") for e in by_town.findall(f"{ATOM}entry")] == ["全区 & <公告>"]


# ---------------------------------------------------------------------------------------- self-disclosure


def _publish(personas, who="shipyard_manager", facility="shipyard", **kw):
    args = {"kind": "plan", "title": "方案", "text": "内容", "statement_accepted": True, **kw}
    return services.disclosure_publish(actor=personas[who], facility_id=personas[facility].pk, **args)


def test_every_version_is_kept_and_the_latest_is_current(personas, client):
    v1 = _publish(personas, title="方案一", text="第一版")
    v2 = _publish(personas, title="方案二", text="第二版", file_name="a.pdf", content=b"%PDF-1.4 x")
    assert (v1.version, v2.version) == (1, 2) and v1.item_id == v2.item_id
    v1.refresh_from_db()
    assert v1.title == "方案一" and v1.text == "第一版"  # the first version never changes
    assert v2.statement == services.statement_text() and v2.statement_at is not None
    current = facade.facility_disclosures(personas["shipyard"].pk)
    assert [(r.kind, r.version, r.title) for r in current] == [("plan", 2, "方案二")]
    assert current[0].file_url and current[0].history_url
    history = client.get(current[0].history_url).content.decode()
    assert "第一版" in history and "第二版" in history
    download = client.get(current[0].file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_the_statement_must_be_ticked_and_the_file_be_a_document(personas):
    with pytest.raises(DomainError) as no_statement:
        _publish(personas, statement_accepted=False)
    assert no_statement.value.field == "statement"
    with pytest.raises(DomainError) as bad_file:
        _publish(personas, file_name="x.exe", content=b"MZ\x90\x00 not a document")
    assert bad_file.value.field == "file"


def test_an_enterprise_publishes_only_for_its_own_facility(personas):
    with pytest.raises(DomainError):
        _publish(personas, who="shipyard_manager", facility="fish")
    with pytest.raises(DomainError):
        _publish(personas, who="officer")  # officers take down, they do not publish for the enterprise
    with pytest.raises(DomainError):
        services.open_day_announce(
            actor=personas["fish_manager"],
            facility_id=personas["shipyard"].pk,
            title="x",
            starts_at=clock.now() + dt.timedelta(days=3),
            ends_at=clock.now() + dt.timedelta(days=3, hours=1),
            place="x",
            capacity=3,
        )


def test_enterprise_screens_are_scoped(personas, login, client):
    own = _publish(personas)
    _publish(personas, who="fish_manager", facility="fish", title="水产方案")
    login(personas["fish_manager"])
    assert client.get(reverse("disclosure:item_detail", args=[own.item_id])).status_code == 404
    listing = client.get(reverse("disclosure:item_list")).content.decode()
    assert "金塘水产" in listing and "城东船舶" not in listing
    response = client.post(
        reverse("disclosure:item_publish"),
        {
            "facility": personas["shipyard"].pk,
            "kind": "plan",
            "title": "冒充",
            "text": "x",
            "statement": "on",
        },
    )
    assert response.status_code == 200  # the form refuses a facility that is not its own
    assert not own.item.versions.filter(title="冒充").exists()


def test_take_down_hides_content_but_keeps_the_fact(personas, client, login):
    v1 = _publish(personas, title="方案一", text="不实内容", file_name="a.pdf", content=b"%PDF-1.4 y")
    with pytest.raises(DomainError):
        services.disclosure_take_down(actor=personas["shipyard_manager"], version_id=v1.pk, reason="x")
    services.disclosure_take_down(actor=personas["officer"], version_id=v1.pk, reason="内容不实，经核查撤下")
    assert facade.facility_disclosures(personas["shipyard"].pk) == []
    page = client.get(reverse("disclosure_public:item_history", args=[v1.item_id])).content.decode()
    assert "不实内容" not in page and "内容不实" not in page
    assert "撤" in page or "Withdrawn" in page
    assert client.get(reverse("disclosure_public:version_file", args=[v1.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="disclosure.item.take_down", object_id=str(v1.pk)).exists()
    v2 = _publish(personas, title="方案二", text="更正后")
    assert [r.id for r in facade.facility_disclosures(personas["shipyard"].pk)] == [v2.pk]


# ---------------------------------------------------------------------------------------------- open days


def test_capacity_is_enforced(personas):
    day = _day(personas, capacity=5)
    services.booking_make(open_day_id=day.pk, name="甲", phone=PHONE, party_size=4)
    with pytest.raises(DomainError):
        services.booking_make(open_day_id=day.pk, name="乙", phone=PHONE, party_size=2)
    services.booking_make(open_day_id=day.pk, name="丙", phone=PHONE, party_size=1)
    day.refresh_from_db()
    assert day.booked == 5 == sum(day.bookings.values_list("party_size", flat=True))


def test_two_bookings_for_the_last_seat_one_wins(personas):
    """Both requests read the day with one seat left; the seat is taken by the conditional UPDATE, not by a
    check on what each read, so the second is refused."""
    day = _day(personas, capacity=1)
    stale = OpenDay.objects.get(pk=day.pk)
    assert stale.booked == 0  # what both requests saw
    first = services.booking_make(open_day_id=day.pk, name="甲", phone=PHONE, party_size=1)
    assert stale.booked < stale.capacity  # the second request's view still shows a seat
    with pytest.raises(DomainError):
        services.booking_make(open_day_id=day.pk, name="乙", phone=PHONE, party_size=1)
    assert list(Booking.objects.filter(open_day=day)) == [first]
    assert OpenDay.objects.get(pk=day.pk).booked == 1


def test_booking_closes_when_the_day_begins_or_is_cancelled(personas):
    day = _day(personas, capacity=5)
    booking = services.booking_make(open_day_id=day.pk, name="甲", phone=PHONE, party_size=1)
    services.open_day_cancel(actor=personas["shipyard_manager"], open_day_id=day.pk, reason="天气原因")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    with pytest.raises(DomainError):
        services.booking_make(open_day_id=day.pk, name="乙", phone=PHONE, party_size=1)
    with pytest.raises(DomainError):
        services.open_day_cancel(actor=personas["fish_manager"], open_day_id=_day(personas).pk, reason="x")
    later = _day(personas, days=1)
    with clock.travel(later.starts_at + dt.timedelta(minutes=1)), pytest.raises(DomainError):
        services.booking_make(open_day_id=later.pk, name="乙", phone=PHONE, party_size=1)


SENT: list[tuple[str, str]] = []


class FakeSms:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


def test_bookers_are_told_by_sms_when_the_open_day_is_cancelled(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.ECOPERMIT_SMS_SENDER = f"{__name__}.FakeSms"
    SENT.clear()
    day = _day(personas, capacity=5)
    services.booking_make(open_day_id=day.pk, name="甲", phone=PHONE, party_size=1)
    services.booking_make(open_day_id=day.pk, name="乙", phone="13800001111", party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_day_cancel(actor=personas["shipyard_manager"], open_day_id=day.pk, reason="台风停工")
    assert sorted(p for p, _ in SENT) == ["13800001111", PHONE]
    assert all("台风停工" in text and personas["shipyard"].name in text for _, text in SENT)


def test_public_booking_flow_without_personal_data(personas, client, login):
    day = _day(personas, capacity=5)
    url = reverse("disclosure_public:openday_detail", args=[day.pk])
    response = client.post(url, {"name": "张三丰", "phone": PHONE, "party_size": 2})
    assert response.status_code == 302
    booking = Booking.objects.get(open_day=day)
    page = client.get(response["Location"]).content.decode()
    assert booking.number in page and PHONE not in page and "张三丰" not in page
    for public in (url, reverse("disclosure_public:openday_list")):
        html = client.get(public).content.decode()
        assert PHONE not in html and "张三丰" not in html
    # a wrong check code finds nothing
    assert (
        client.get(reverse("disclosure_public:booking_detail", args=[f"{booking.number}-AAAAAA"])).status_code
        == 404
    )
    # the enterprise sees the phone; another enterprise does not see the day at all
    login(personas["shipyard_manager"])
    assert PHONE in client.get(reverse("disclosure:openday_detail", args=[day.pk])).content.decode()
    login(personas["fish_manager"])
    assert client.get(reverse("disclosure:openday_detail", args=[day.pk])).status_code == 404


def test_honeypot_and_rate_limit(personas, client, settings):
    day = _day(personas, capacity=50)
    url = reverse("disclosure_public:openday_detail", args=[day.pk])
    response = client.post(url, {"name": "机器", "phone": PHONE, "party_size": 1, "website": "http://spam"})
    assert response.status_code == 200 and not Booking.objects.exists()
    settings.ECOPERMIT_PUBLIC_POSTS_PER_HOUR = 3
    report = reverse("disclosure_public:report_form")
    codes = [
        client.post(report, {"record_kind": "facility", "what_is_wrong": f"错误{n}"}).status_code
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert ErrorReport.objects.count() == 3


# ------------------------------------------------------------------------------------------ error reports


def test_receipt_flow(personas, client, login):
    shipyard = personas["shipyard"]
    form_url = facade.error_report_url(
        record_kind="facility", record_ref=shipyard.credit_code, facility_id=shipyard.pk
    )
    assert "record_kind=facility" in form_url and f"facility={shipyard.pk}" in form_url
    form = client.get(form_url).content.decode()
    assert shipyard.credit_code in form
    response = client.post(
        form_url,
        {
            "record_kind": "facility",
            "record_ref": shipyard.credit_code,
            "facility": shipyard.pk,
            "what_is_wrong": "地址有误",
            "contact": PHONE,
        },
    )
    assert response.status_code == 302
    report = ErrorReport.objects.get()
    assert re.fullmatch(r"JW\d{4}-\d{5}", report.number) and len(report.check_code) == 6
    assert response["Location"] == reverse("disclosure_public:receipt", args=[report.receipt])
    status_page = client.get(response["Location"]).content.decode()
    assert report.number in status_page and PHONE not in status_page  # the contact is never shown
    assert (
        client.get(reverse("disclosure_public:receipt", args=[f"{report.number}-ZZZZZZ"])).status_code == 404
    )
    assert client.get(reverse("disclosure_public:receipt", args=[report.number])).status_code == 404
    # routed to the facility's town officer, not to another town's
    assert Notification.objects.filter(user=personas["town_chengdong"]).exists()
    assert not Notification.objects.filter(user=personas["town_jintang"]).exists()
    # another town's officer cannot see or answer it
    with pytest.raises(DomainError):
        services.error_report_respond(
            actor=personas["town_jintang"], report_id=report.pk, target="answered", answer="x"
        )
    login(personas["town_jintang"])
    assert client.get(reverse("disclosure:report_detail", args=[report.pk])).status_code == 404
    # the town's officer answers
    login(personas["town_chengdong"])
    assert PHONE in client.get(reverse("disclosure:report_detail", args=[report.pk])).content.decode()
    answered = client.post(
        reverse("disclosure:report_detail", args=[report.pk]),
        {"outcome": "corrected", "answer": "已更正地址"},
    )
    assert answered.status_code == 302
    report.refresh_from_db()
    assert report.status == "corrected" and report.answered_by == personas["town_chengdong"]
    client.logout()
    status_page = client.get(reverse("disclosure_public:receipt", args=[report.receipt])).content.decode()
    assert "已更正地址" in status_page and "town_chengdong" not in status_page
    assert AuditEvent.objects.filter(
        action="disclosure.error_report.correct", object_id=str(report.pk)
    ).exists()
    lookup = client.get(reverse("disclosure_public:receipt_lookup") + f"?receipt={report.receipt.lower()}")
    assert lookup.status_code == 302


def test_a_report_without_a_facility_goes_to_the_bureau(personas):
    report = services.error_report_submit(record_kind="notice", record_ref="3", what_is_wrong="错字")
    assert Notification.objects.filter(user=personas["officer"]).exists()
    assert not Notification.objects.filter(user=personas["town_chengdong"]).exists()
    assert not selectors.reports_visible(scope_of(personas["town_chengdong"])).filter(pk=report.pk).exists()
    with pytest.raises(DomainError):
        services.error_report_respond(
            actor=personas["officer"], report_id=report.pk, target="answered", answer=""
        )
    services.error_report_respond(
        actor=personas["officer"], report_id=report.pk, target="rejected", answer="无误"
    )
    with pytest.raises(DomainError):
        services.error_report_respond(
            actor=personas["officer"], report_id=report.pk, target="answered", answer="x"
        )


def test_open_days_facade(personas):
    day = _day(personas, capacity=3)
    services.booking_make(open_day_id=day.pk, name="甲", phone=PHONE, party_size=2)
    refs = facade.open_days(facility_id=personas["shipyard"].pk, upcoming_from=clock.today())
    assert [(r.id, r.capacity, r.booked) for r in refs] == [(day.pk, 3, 2)]
    assert refs[0].url == reverse("disclosure_public:openday_detail", args=[day.pk])
    assert facade.open_days(upcoming_from=clock.today() + dt.timedelta(days=60)) == []


def test_no_public_page_shows_a_phone_or_a_bookers_name(personas, client):
    """Walks the public pages with data in every corner and looks for the people's phone numbers and names."""
    _notice(personas["officer"])
    v = _publish(personas, file_name="a.pdf", content=b"%PDF-1.4 z")
    day = _day(personas)
    booking = services.booking_make(open_day_id=day.pk, name="赵六六", phone=PHONE, party_size=1)
    report = services.error_report_submit(
        record_kind="facility",
        record_ref="",
        facility_id=personas["shipyard"].pk,
        what_is_wrong="错",
        contact="13700001111",
    )
    pages = [
        reverse("disclosure_public:notice_list"),
        reverse("disclosure_public:facility_disclosures", args=[personas["shipyard"].pk]),
        reverse("disclosure_public:item_history", args=[v.item_id]),
        reverse("disclosure_public:openday_list"),
        reverse("disclosure_public:openday_detail", args=[day.pk]),
        reverse("disclosure_public:booking_detail", args=[f"{booking.number}-{booking.check_code}"]),
        reverse("disclosure_public:report_form"),
        reverse("disclosure_public:receipt", args=[report.receipt]),
        reverse("disclosure_public:notice_feed"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PHONE not in html and "13700001111" not in html and "赵六六" not in html, url
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", html), url
        assert personas["shipyard_manager"].username not in html, url
