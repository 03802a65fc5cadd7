"""Protection areas load from a GeoJSON file, by command and on screen (C2, issue 10 §6): every bad feature is named
by its index and nothing is loaded; a good file replaces the areas in force, is audited, and a facility inside an
area is excluded by the gate and goes down the closure path."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from ecopermit.catalog import gate
from ecopermit.catalog.models import ProtectionZone, ZoneFile
from ecopermit.catalog.zones_io import ZoneFileError, parse_zones
from ecopermit.catalog.zones_store import zones_load
from ecopermit.core.audit.models import AuditEvent
from ecopermit.registry.models import Facility

SQUARE = [[[122.10, 30.01], [122.11, 30.01], [122.11, 30.02], [122.10, 30.02], [122.10, 30.01]]]
BOWTIE = [[[122.10, 30.01], [122.11, 30.02], [122.11, 30.01], [122.10, 30.02], [122.10, 30.01]]]


def _feature(name="测试水库", level="一级保护区", coords=SQUARE, kind="Polygon"):  # type: ignore[no-untyped-def]
    return {
        "type": "Feature",
        "properties": {"name": name, "level": level},
        "geometry": {"type": kind, "coordinates": coords},
    }


def _file(*features) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode()


@pytest.fixture(autouse=True)
def _package_zones_after():  # type: ignore[no-untyped-def]
    yield
    gate.use_zones(None)  # the loaded zones are this process's; later tests judge with the package files


def test_every_bad_feature_is_named_by_its_index():
    content = _file(
        _feature(),
        _feature("甲", level="三级"),
        _feature("乙", coords=BOWTIE),
        _feature("丙", kind="Point", coords=[122.1, 30.0]),
        _feature(),
    )
    with pytest.raises(ZoneFileError) as caught:
        parse_zones(content)
    errors = caught.value.errors
    assert any(e.startswith("features[1]") and "level" in e for e in errors), errors
    assert any(e.startswith("features[2]") and "Self-intersection" in e for e in errors), errors
    assert any(e.startswith("features[3]") and "Point" in e for e in errors), errors
    assert any(e.startswith("features[4]") and "features[0]" in e for e in errors), errors
    assert len(errors) == 4


def test_not_geojson_and_outside_the_district():
    with pytest.raises(ZoneFileError):
        parse_zones(b"{not json")
    with pytest.raises(ZoneFileError, match=r"^features\[0\]"):
        parse_zones(_file(_feature()), bounds=(121.0, 29.0, 121.5, 29.5))


def test_a_loaded_file_excludes_the_facility_inside_and_opens_its_closure(personas, officer_user):
    from ecopermit.cases.models import ClosureCase

    shipyard = personas["shipyard"]
    Facility.objects.filter(pk=shipyard.pk).update(lat=30.015, lon=122.105)
    result = zones_load(actor=officer_user, file_name="定海区水源保护区.geojson", content=_file(_feature()))
    assert result.zones == 1 and ZoneFile.objects.get(is_current=True).zones.count() == 1
    shipyard.refresh_from_db()
    assert shipyard.management_class == "excluded"
    assert ClosureCase.objects.get(facility=shipyard).reasons[0]["zone"] == "测试水库"
    event = AuditEvent.objects.get(action="catalog.zones.load")
    assert event.after["zones"] == 1 and event.actor_username == officer_user.username

    # A second file replaces the first: the facility is no longer inside; the closure is flagged, not ended.
    zones_load(
        actor=officer_user,
        file_name="更正.geojson",
        content=_file(_feature(coords=[[[122.0, 30.0], [122.001, 30.0], [122.001, 30.001], [122.0, 30.0]]])),
    )
    shipyard.refresh_from_db()
    assert shipyard.management_class != "excluded"
    closure = ClosureCase.objects.get(facility=shipyard)
    assert closure.status == "open" and closure.grounds_lapsed_at is not None
    assert ProtectionZone.objects.filter(file__is_current=True).count() == 1


def test_a_bad_file_loads_nothing(personas, officer_user, capsys, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_bytes(_file(_feature(), _feature("乙", coords=BOWTIE)))
    with pytest.raises(SystemExit) as exit_:
        call_command("catalog", "load-zones", str(path))
    assert exit_.value.code == 1
    assert "features[1]" in capsys.readouterr().err
    assert not ZoneFile.objects.exists()


def test_the_command_and_the_screen(personas, officer_user, login, tmp_path, capsys):
    path = tmp_path / "zones.geojson"
    path.write_bytes(_file(_feature()))
    call_command("catalog", "load-zones", str(path), "--user", officer_user.username)
    assert "1 protection-area polygons loaded" in capsys.readouterr().out
    client = login(officer_user)
    page = client.get("/catalog/zones/").content.decode()
    assert "测试水库" in page and "zones.geojson" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "bad.geojson", _file(_feature(level="三级")), content_type="application/geo+json"
    )
    page = client.post("/catalog/zones/", {"file": bad}).content.decode()
    assert "features[0]" in page and ZoneFile.objects.count() == 1
    assert login(personas["town_chengdong"]).get("/catalog/zones/").status_code == 403


@pytest.fixture
def officer_user(personas):  # type: ignore[no-untyped-def]
    return personas["officer"]
