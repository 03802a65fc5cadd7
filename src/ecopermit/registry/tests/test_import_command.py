"""``ecopermit import_survey``: check, apply and template from the command line (R5)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from ecopermit.registry.models import Facility, ImportBatch
from ecopermit.registry.tests.conftest import facility_row

pytestmark = pytest.mark.django_db


def test_template(tmp_path, district, capsys):
    out = tmp_path / "模板.xlsx"
    call_command("import_survey", "--template", str(out))
    assert "排污单位" in load_workbook(io.BytesIO(out.read_bytes())).sheetnames


def test_check_only_without_a_user_stores_nothing(tmp_path, survey_book, capsys):
    path = tmp_path / "s.xlsx"
    path.write_bytes(survey_book({"排污单位": [facility_row(1), facility_row(2)]}))
    call_command("import_survey", str(path))
    out = capsys.readouterr().out
    assert "排污单位\t2\t2\t0\t0" in out
    assert not ImportBatch.objects.exists() and not Facility.objects.exists()


def test_apply_as_an_officer(tmp_path, survey_book, officer, capsys):
    path = tmp_path / "s.xlsx"
    path.write_bytes(survey_book({"排污单位": [facility_row(1)]}))
    call_command("import_survey", str(path), "--apply", "--user", "officer_wang")
    assert "applied" in capsys.readouterr().out
    facility = Facility.objects.get()
    assert facility.history.get().history_user == officer
    call_command("import_survey", str(path), "--apply", "--user", "officer_wang")
    assert "排污单位\t1\t0\t0\t1" in capsys.readouterr().out


def test_errors_exit_1_one_line_each(tmp_path, survey_book, officer, capsys):
    path = tmp_path / "s.xlsx"
    path.write_bytes(survey_book({"排污单位": [facility_row(1, **{"所属镇（街道）": "火星街道"})]}))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_survey", str(path), "--apply", "--user", "officer_wang")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "工作表\t行\t列\t值\t原因" in out
    assert "排污单位\t2\tE（所属镇（街道））\t火星街道\t“火星街道”不是本区的镇（街道）" in out
    assert not Facility.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.REJECTED


def test_apply_needs_a_bureau_user(tmp_path, survey_book, make_user, capsys):
    path = tmp_path / "s.xlsx"
    path.write_bytes(survey_book({"排污单位": [facility_row(1)]}))
    with pytest.raises(CommandError):
        call_command("import_survey", str(path), "--apply")
    make_user("town_officer", "town_li", town="城东街道")
    with pytest.raises(CommandError):
        call_command("import_survey", str(path), "--apply", "--user", "town_li")
    assert not Facility.objects.exists()
