"""The public portal (issue 14): anonymous pages, filters and scoping, the moved inspection results, downloads,
the read API and its schema and throttle, the feeds, the cache — and that nothing non-public leaks anywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ecopermit.accounts.access import PUBLIC
from ecopermit.core import clock
from ecopermit.portal import api, public_fields
from ecopermit.portal.tests.conftest import SECRETS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _text(response: Any) -> str:
    """What a response shows, whatever its format (an XLSX is a zip of XML: read every member)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return body.decode("utf-8", "replace")


def _portal_urls(facility_id: int, keys: dict[str, str] | None = None) -> list[str]:
    """Every URL under ``/public/`` (the portal's and disclosure's public pages), with a real key where a route takes
    one: ``keys`` maps a route's prefix (longest first) to the record's key; otherwise the facility's id."""
    keys = keys or {}
    urls = []
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and str(p.pattern).startswith("public/"):
            stack: list[tuple[str, Any]] = [("/" + str(p.pattern), p)]
            while stack:
                prefix, node = stack.pop()
                for q in node.url_patterns:
                    if isinstance(q, URLResolver):
                        stack.append((prefix + str(q.pattern), q))
                    elif isinstance(q, URLPattern):
                        route = prefix + str(q.pattern)
                        key = next(
                            (
                                v
                                for k, v in sorted(keys.items(), key=lambda kv: -len(kv[0]))
                                if route.startswith(k)
                            ),
                            None,
                        )
                        value = key if key is not None else str(facility_id)
                        urls.append(route.replace("<int:pk>", value).replace("<slug:pk>", value))
    return sorted(set(urls))


def _disclosed(world: dict[str, Any], personas: dict[str, Any]) -> dict[str, str]:
    """What disclosure publishes for the shipyard, with the people's details that must stay private: a booker's
    name and phone, a data-error reporter's contact. The keys of its public pages."""
    from ecopermit.disclosure import services as disclosure

    shipyard = world["shipyard"]
    officer, manager = personas["officer"], personas["shipyard_manager"]
    notice = disclosure.notice_create(actor=officer, kind="notice", title="公告甲", body="<p>正文</p>")
    disclosure.notice_move(actor=officer, notice_id=notice.pk, target="published")
    version = disclosure.disclosure_publish(
        actor=manager,
        facility_id=shipyard.pk,
        kind="plan",
        title="整治提升方案",
        text="方案正文",
        statement_accepted=True,
        file_name="plan.pdf",
        content=b"%PDF-1.4\n%%EOF\n",
    )
    start = clock.now() + dt.timedelta(days=10)
    day = disclosure.open_day_announce(
        actor=manager,
        facility_id=shipyard.pk,
        title="开放日",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="东门",
        capacity=5,
    )
    booking = disclosure.booking_make(open_day_id=day.pk, name="孙预约", phone="13812345670", party_size=2)
    report = disclosure.error_report_submit(
        record_kind="facility",
        record_ref=shipyard.credit_code,
        what_is_wrong="地址有误",
        facility_id=shipyard.pk,
        contact="周纠错 13712345671",
    )
    return {
        "/public/notices/": str(notice.pk),
        "/public/disclosures/facility/": str(shipyard.pk),
        "/public/disclosures/files/": str(version.pk),
        "/public/disclosures/": str(version.item_id),
        "/public/open-days/bookings/": f"{booking.number}-{booking.check_code}",
        "/public/open-days/": str(day.pk),
        "/public/receipts/": report.receipt,
    }


def test_every_public_url_answers_anonymously_and_leaks_nothing(world, personas):
    client = Client()
    shipyard = world["shipyard"]
    urls = _portal_urls(shipyard.pk, _disclosed(world, personas))
    assert len(urls) >= 37  # pages, 8 downloads, 5 API, schema, 3 feeds, map data; disclosure's 12
    for town in ("", f"?town={shipyard.town.code}"):
        for url in urls:
            response = client.get(url + town)
            assert response.status_code == 200, url
            text = _text(response)
            for secret in (*SECRETS, "孙预约", "周纠错"):
                assert secret not in text, f"{secret} on {url}"
            assert not PHONE.search(text), f"a phone number on {url}"
    # and the walk did see the records
    page = _text(client.get(f"/public/facilities/{shipyard.pk}/"))
    assert "舟定环罚〔2026〕1号" in page and "定海区城东街道海港路1号" in page


def test_every_portal_view_is_declared_public():
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and str(p.pattern) == "public/" and p.namespace == "portal":
            for q in p.url_patterns:
                if isinstance(q, URLResolver):
                    assert all(getattr(x.callback, "access", None) == PUBLIC for x in q.url_patterns)
                else:
                    assert getattr(q.callback, "access", None) == PUBLIC, q.pattern


def test_public_fields_name_no_private_source_field():
    for kind, fields in public_fields.PUBLIC_FIELDS.items():
        assert not {k for k, _label in fields} & public_fields.NEVER_PUBLIC, kind
    row = public_fields.public_row("facility", {"name": "甲", "contact_phone": "13912345678"})
    assert row["name"] == "甲" and "contact_phone" not in row
    # the API serializes exactly the public fields
    assert set(api.FacilitySerializer().fields) == set(public_fields.keys("facility"))
    assert set(api.PenaltySerializer().fields) == set(public_fields.keys("penalty"))


def test_home_shows_figures_notices_quietly_and_the_latest_records(world):
    page = Client().get("/public/").content.decode()
    assert "暂无" in page  # no notice or open day yet (the disclosure app fills them)
    assert world["shipyard"].name in page  # latest decision and inspection
    assert 'id="map"' in page and "/public/map/facilities.geojson" in page


def test_facility_list_searches_filters_and_lists_only_facilities_in_operation(world):
    c = Client()
    shipyard, shipyard2, fish = world["shipyard"], world["shipyard2"], world["fish"]
    page = c.get("/public/facilities/").content.decode()
    assert shipyard.name in page and fish.name in page
    assert shipyard2.name not in page  # closed: not listed
    assert c.get(f"/public/facilities/{shipyard2.pk}/").status_code == 404
    by_name = c.get("/public/facilities/", {"q": "水产"}).content.decode()
    assert fish.name in by_name and shipyard.name not in by_name
    by_code = c.get("/public/facilities/", {"q": shipyard.credit_code.lower()}).content.decode()
    assert shipyard.name in by_code and fish.name not in by_code
    by_town = c.get("/public/facilities/", {"town": fish.town.code}).content.decode()
    assert fish.name in by_town and shipyard.name not in by_town
    by_class = c.get("/public/facilities/", {"class": "key"}).content.decode()
    assert shipyard.name in by_class and fish.name not in by_class
    by_credit = c.get("/public/facilities/", {"credit": "blue"}).content.decode()
    assert shipyard.name in by_credit and fish.name not in by_credit
    by_industry = c.get("/public/facilities/", {"industry": "136"}).content.decode()
    assert fish.name in by_industry and shipyard.name not in by_industry


def test_the_list_pages_with_a_bounded_number_of_queries(world, make_facility, django_assert_max_num_queries):
    for n in range(45):
        make_facility(f"批量企业{n:02d}")
    c = Client()
    with django_assert_max_num_queries(8):
        page = c.get("/public/facilities/", {"page": 2}).content.decode()
    assert "第 2 页" in page or "Page 2" in page


def test_facility_page_shows_the_record_in_its_sections(world):
    page = Client().get(f"/public/facilities/{world['shipyard'].pk}/").content.decode()
    for expected in (
        world["shipyard"].credit_code,
        "91330902TESTPERMIT001P",  # the permit and its number
        "DA001",  # the outlet
        "GB 16297-1996 表2",  # the limit's standard
        world["case"].notices.first().number,  # the rectification notice
        "舟定环罚〔2026〕1号",  # the decision
        "200000",
    ):
        assert expected in page, expected
    assert "secret_photo" not in page and "plan_secret" not in page
    assert Client().get("/public/facilities/999999/").status_code == 404


def test_the_old_inspection_results_address_moves_permanently(world):
    response = Client().get("/inspections/public/?page=2&town=1")
    assert response.status_code == 301
    assert response["Location"] == "/public/inspections/?page=2&town=1"
    page = Client().get("/public/inspections/").content.decode()
    assert world["shipyard"].name in page


def test_inspection_results_and_decisions_filter_by_town_and_year(world):
    c = Client()
    shipyard, fish = world["shipyard"], world["fish"]
    assert shipyard.name in c.get("/public/inspections/", {"town": shipyard.town.code}).content.decode()
    assert shipyard.name not in c.get("/public/inspections/", {"town": fish.town.code}).content.decode()
    year = world["inspection"].published_on.year
    assert shipyard.name in c.get("/public/decisions/").content.decode()
    assert shipyard.name not in c.get("/public/inspections/", {"year": year - 3}).content.decode()


def test_csv_and_xlsx_downloads_hold_the_public_columns(world):
    from openpyxl import load_workbook

    c = Client()
    shipyard = world["shipyard"]
    response = c.get("/public/downloads/facilities.csv", {"town": shipyard.town.code})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == len(public_fields.PUBLIC_FIELDS["facility"])
    names = [r[1] for r in rows[1:]]
    assert shipyard.name in names and world["fish"].name not in names  # one town only
    decisions = list(
        csv.reader(io.StringIO(c.get("/public/downloads/decisions.csv").content.decode("utf-8-sig")))
    )
    assert decisions[1][0] == "舟定环罚〔2026〕1号"
    year = decisions and world["inspection"].published_on.year
    empty = c.get("/public/downloads/inspections.csv", {"year": year - 5}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(empty)))) == 1  # the header only
    xlsx = c.get("/public/downloads/notices.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2 and values[1][0] == world["case"].notices.first().number
    assert "attachment" in xlsx["Content-Disposition"]


def test_the_api_lists_public_fields_with_a_public_schema(world):
    c = Client()
    data = c.get("/public/api/facilities/", {"q": world["shipyard"].name}).json()
    assert data["count"] == 1
    assert set(data["results"][0]) == set(public_fields.keys("facility"))
    one = c.get(f"/public/api/facilities/{world['shipyard'].pk}/").json()
    assert one["credit_level"] and "contact_phone" not in one
    assert c.get(f"/public/api/facilities/{world['shipyard2'].pk}/").status_code == 404
    decisions = c.get("/public/api/decisions/").json()["results"]
    assert decisions[0]["decision_number"] == "舟定环罚〔2026〕1号" and decisions[0]["amount"] == 200000
    schema = c.get("/public/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert set(paths) == {
        "/public/api/facilities/",
        "/public/api/facilities/{id}/",
        "/public/api/inspections/",
        "/public/api/decisions/",
        "/public/api/notices/",
    }


def test_the_api_is_throttled_per_anonymous_client(world, monkeypatch):
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_api"] == "60/minute"
    monkeypatch.setattr(api.PublicApiThrottle, "THROTTLE_RATES", {"public_api": "3/minute"})
    c = Client()
    codes = [c.get("/public/api/inspections/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_feeds_are_atom_per_town(world):
    c = Client()
    shipyard, fish = world["shipyard"], world["fish"]
    for name in ("decisions", "inspections"):
        root = ET.fromstring(c.get(f"/public/feeds/{name}.atom").content)  # noqa: S314  (our own feed)
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == 1
        assert shipyard.name in entries[0].find(f"{ATOM}title").text
        link = entries[0].find(f"{ATOM}link").get("href")
        assert link.endswith(f"/public/facilities/{shipyard.pk}/")
        other = ET.fromstring(c.get(f"/public/feeds/{name}.atom", {"town": fish.town.code}).content)  # noqa: S314  (our own feed)
        assert other.findall(f"{ATOM}entry") == []


def test_map_points_are_geojson_of_public_facilities(world):
    data = Client().get("/public/map/facilities.geojson").json()
    assert data["type"] == "FeatureCollection"
    ids = {f["properties"]["id"] for f in data["features"]}
    assert world["shipyard"].pk in ids and world["shipyard2"].pk not in ids
    assert set(data["features"][0]["properties"]) == {"id", "name", "status", "town", "url"}


def test_pages_are_cached_briefly_by_full_url(world):
    from ecopermit.registry.models import Facility

    c = Client()
    first = c.get("/public/facilities/", {"q": "船"}).content.decode()
    assert world["shipyard"].name in first
    Facility.objects.filter(pk=world["shipyard"].pk).update(name="改名船厂")
    assert world["shipyard"].name in c.get("/public/facilities/", {"q": "船"}).content.decode()  # cached
    assert "改名船厂" in c.get("/public/facilities/", {"q": "船厂"}).content.decode()  # another query
    response = c.get("/public/facilities/", {"q": "船"})
    assert "max-age=60" in response["Cache-Control"]


def test_facility_page_shows_monthly_emissions_against_the_limit(world):
    import datetime as dt

    from django.utils import timezone

    from ecopermit.core import clock
    from ecopermit.monitoring.models import Reading, ReadingKind

    today = clock.today()
    this_month = dt.datetime.combine(
        today.replace(day=1), dt.time(10), tzinfo=timezone.get_current_timezone()
    )
    Reading.objects.bulk_create(
        [
            Reading(
                outlet=world["outlet"], pollutant="a24088", kind=ReadingKind.HOUR, time=this_month, value=130
            ),
            Reading(
                outlet=world["outlet"],
                pollutant="a24088",
                kind=ReadingKind.HOUR,
                time=this_month + dt.timedelta(hours=1),
                value=140,
                flag="N",
            ),
        ]
    )
    page = Client().get(f"/public/facilities/{world['shipyard'].pk}/").content.decode()
    assert today.strftime("%Y-%m") in page
    assert '<td class="num over">135.00 ▲</td>' in page  # the mean of two hours, over the 120 mg/m3 limit


def test_rectification_is_public_by_its_kinds_and_the_plan_by_its_acceptance_only(world):
    from ecopermit.cases import facade as cases

    found = cases.facility_rectification(world["shipyard"].pk)
    assert found is not None
    assert found.notice_number == world["case"].notices.first().number
    assert found.plan_accepted_on is not None and found.acceptance_accepted_on is None
    assert [p.kind_label for p in found.problems] and "张三" not in str(found)
    assert cases.facility_rectification(world["fish"].pk) is None
    assert [n.number for n in cases.public_notices(town_code=world["fish"].town.code)] == []


def test_facility_page_shows_the_pollution_control_works_recorded(world):
    from decimal import Decimal

    from ecopermit.registry.models import WaterTreatment

    c = Client()
    assert "污水处理站一期" not in c.get(f"/public/facilities/{world['fish'].pk}/").content.decode()
    WaterTreatment.objects.create(
        facility=world["fish"], name="污水处理站一期", kind="industrial", capacity_t_per_day=Decimal("50")
    )
    page = Client().get(f"/public/facilities/{world['fish'].pk}/?after").content.decode()
    assert "污水处理站一期" in page and ">50<" in page


def test_a_closed_facilitys_decision_stays_public_without_a_link_to_its_page(world):
    from ecopermit.registry.models import Facility

    shipyard = world["shipyard"]
    assert f'href="/public/facilities/{shipyard.pk}/"' in Client().get("/public/decisions/").content.decode()
    Facility.objects.filter(pk=shipyard.pk).update(status="closed")
    page = Client().get("/public/decisions/?closed").content.decode()
    assert "舟定环罚〔2026〕1号" in page and f'href="/public/facilities/{shipyard.pk}/"' not in page
    assert f'href="/public/facilities/{shipyard.pk}/"' not in Client().get("/public/?closed").content.decode()


def test_facility_page_shows_the_compliance_history_without_case_numbers_or_links(world):
    """ECHO's 3-year compliance history in public form: the quarter of the problem found today is in violation,
    the kind is named with its count; the case number and the signed-in case page are not."""
    from ecopermit.filings import facade as filings

    shipyard = world["shipyard"]
    page = Client().get(f"/public/facilities/{shipyard.pk}/").content.decode()
    strip = filings.compliance_history(shipyard.pk, today=clock.today())
    assert f'data-history="{strip.code}"' in page and len(strip.code) == 12
    assert strip.code[-1] in "VS"  # the problem raised today
    section = page.split('id="history"', 1)[1].split("</section>", 1)[0]
    assert strip.cells[-1].label in section and "（1）" in section
    assert world["case"].number not in section and "/cases/" not in section
