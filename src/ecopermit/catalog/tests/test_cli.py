"""``ecopermit classify FILE|-`` — the contract other tools rely on (DESIGN "Stable contracts", issue 3)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PLATING = {"industry_codes": ["3360"], "processes": ["electroplating"]}
SHIPYARD = {
    "industry_codes": ["C3731"],
    "quantities": {"solvent_coating_adhesive_t_per_year": [9.5, 12.0, 8.0]},
}


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command line, as the lead's and the checker's scripts call it."""
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [sys.executable, "-m", "ecopermit.cli", "classify", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def call(*args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return json.loads(out.getvalue())


def test_one_profile_on_stdin() -> None:
    done = run("-", stdin=json.dumps(PLATING))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["class"] == "key"
    assert result["permit_scope"] == "whole"
    assert result["decisions"][0] == {
        "row": 81,
        "column": "key",
        "criterion": "有电镀工序的",
        "industry": "金属表面处理及热处理加工336",
        "industry_code": "3360",
        "scope": "whole",
        "decisive": True,
        "facts": {"processes": ["electroplating"]},
    }
    assert (result["gate"], result["eia_advice"], result["edition"]) == ([], [], "2019")


def test_invalid_profile_exits_2_naming_the_field() -> None:
    done = run(
        "-", stdin=json.dumps([PLATING, {"industry_codes": ["3360"], "boilers": [{"capacity_t_per_h": 4}]}])
    )
    assert done.returncode == 2
    assert "profile [1] boilers[0].fuel" in done.stderr
    results = json.loads(done.stdout)  # the valid profile is still answered
    assert results[0]["class"] == "key"
    assert results[1] == {"error": {"field": "boilers[0].fuel", "message": results[1]["error"]["message"]}}


def test_a_list_gives_a_list_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    results = call("-", stdin=json.dumps([SHIPYARD, PLATING, {}]), monkeypatch=monkeypatch)
    assert [r["class"] for r in results] == ["simplified", "key", "none"]


def test_reads_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "profiles.json"
    path.write_text(
        json.dumps({**SHIPYARD, "id": "ZS-001", "name": "某船舶修造有限公司"}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = call(str(path), monkeypatch=monkeypatch)
    assert (result["id"], result["name"], result["class"]) == ("ZS-001", "某船舶修造有限公司", "simplified")


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"industry_codes": ["99999"]}, "industry_codes[0]"),
        ({"industry_codes": ["37"]}, "industry_codes[0]"),
        ({"industry_codes": "3731"}, "industry_codes"),
        ({"industry_codes": [3731]}, "industry_codes[0]"),
        ({"processes": ["electroplate"]}, "processes[0]"),
        ({"quantities": {"aquatic_t": 5}}, "quantities.aquatic_t"),
        ({"quantities": {"aquatic_products_t_per_year": -1}}, "quantities.aquatic_products_t_per_year"),
        ({"on_key_discharger_list": "yes"}, "on_key_discharger_list"),
        ({"location": {"lon": 122.1}}, "location.lat"),
        ({"furnaces": [{"kind": "heating", "energy": "steam"}]}, "furnaces[0].energy"),
        ({"annual_emissions_t": {"SO2": True}}, "annual_emissions_t.SO2"),
        ([], "(profile)"),
    ],
)
def test_invalid_profiles(profile: Any, field: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError) as raised:
        call("-", stdin=json.dumps([profile]), monkeypatch=monkeypatch)
    assert raised.value.returncode == 2
    assert f"profile [0] {field}:" in str(raised.value)


def test_not_json(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError) as raised:
        call("-", stdin="{industry_codes: [3360]}", monkeypatch=monkeypatch)
    assert raised.value.returncode == 2
    assert "not JSON" in str(raised.value)


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError) as raised:
        call(str(tmp_path / "nothing.json"), monkeypatch=monkeypatch)
    assert raised.value.returncode == 2


def test_date_and_edition_options(monkeypatch: pytest.MonkeyPatch) -> None:
    assert call("-", "--on", "2020-01-01", stdin="{}", monkeypatch=monkeypatch)["edition"] == "2019"
    with pytest.raises(CommandError) as raised:
        call("-", "--on", "2019-01-01", stdin="{}", monkeypatch=monkeypatch)
    assert raised.value.returncode == 2 and "no catalog edition in force" in str(raised.value)
    assert (
        call("-", "--edition", "2019", "--on", "2019-01-01", stdin="{}", monkeypatch=monkeypatch)["edition"]
        == "2019"
    )
