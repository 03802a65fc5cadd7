"""Survey import screens: template download, upload → preview → apply, and who may use them (R5)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ecopermit.accounts.roles import Role
from ecopermit.registry.importer.schema import INSTRUCTIONS_SHEET, SHEETS
from ecopermit.registry.importer.services import survey_preview
from ecopermit.registry.models import Facility, ImportBatch
from ecopermit.registry.tests.conftest import facility_row, survey_code

pytestmark = pytest.mark.django_db


def _streamed(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def _upload(client, content: bytes, name: str = "survey.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(reverse("registry:import_upload"), {"file": _file(content, name)})


def _file(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_template_download_is_a_valid_workbook(officer, login):
    response = login(officer).get(reverse("registry:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[0] == INSTRUCTIONS_SHEET
    assert wb.sheetnames[1 : 1 + len(SHEETS)] == [s.name for s in SHEETS]


def test_upload_preview_apply_end_to_end(officer, login, survey_book):
    client = login(officer)
    assert client.get(reverse("registry:import_upload")).status_code == 200
    boiler = {
        "统一社会信用代码": survey_code(1),
        "锅炉名称或编号": "1号锅炉",
        "燃料": "天然气",
        "额定容量": 4,
    }
    content = survey_book({"排污单位": [facility_row(1), facility_row(2)], "锅炉": [boiler]})

    page = _streamed(_upload(client, content, "盐仓街道调查表.xlsx"))

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.uploaded_by == officer
    preview_url = reverse("registry:import_preview", args=[batch.pk])
    assert f'url={preview_url}"' in page and 'id="import-bar"' in page
    assert not Facility.objects.exists()  # the preview writes nothing

    preview = client.get(preview_url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "盐仓街道调查表.xlsx" in html and "排污单位" in html
    assert reverse("registry:import_apply", args=[batch.pk]) in html

    page = _streamed(client.post(reverse("registry:import_apply", args=[batch.pk])))

    assert "#import-bar{width:100%}" in page.replace(" ", "")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Facility.objects.count() == 2
    facility = Facility.objects.get(credit_code=survey_code(1))
    assert facility.history.get().history_user == officer
    assert facility.boilers.get().name == "1号锅炉"
    assert client.get(preview_url).status_code == 200

    # A second POST (a double click, a reload) is refused without a change.
    response = client.post(reverse("registry:import_apply", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == preview_url
    assert Facility.history.count() == 2


def test_a_file_with_errors_shows_them_and_offers_no_apply(officer, login, survey_book):
    client = login(officer)
    rows = [facility_row(n) for n in range(1, 7)]
    rows[5]["统一社会信用代码"] = survey_code(6)[:-1] + "0"
    _streamed(_upload(client, survey_book({"排污单位": rows})))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED

    html = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()

    assert "<td>排污单位</td>" in html
    assert '<td class="num">7</td>' in html
    assert '<span class="mono">A</span> 统一社会信用代码' in html
    assert "校验码错误" in html
    assert reverse("registry:import_apply", args=[batch.pk]) not in html
    assert client.post(reverse("registry:import_apply", args=[batch.pk])).status_code == 302
    assert not Facility.objects.exists()


def test_a_non_xlsx_upload_gets_a_clear_message(officer, login):
    client = login(officer)
    page = _streamed(_upload(client, "单位名称,统一社会信用代码\n".encode(), "调查表.csv"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    assert "alert-error" in page
    html = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()
    assert "不是Excel工作簿（.xlsx）" in html


def test_an_upload_without_a_file_shows_the_form_again(officer, login):
    response = login(officer).post(reverse("registry:import_upload"), {})
    assert response.status_code == 200
    assert not response.streaming
    assert response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_a_town_officer_may_not_import(make_user, login, officer, survey_book):
    chengdong = make_user(Role.TOWN_OFFICER, "town_chengdong_li", town="城东街道", display_name="李干事")
    batch = survey_preview(
        actor=officer, file_name="s.xlsx", content=survey_book({"排污单位": [facility_row(1)]})
    )
    client = login(chengdong)
    for name, args in (
        ("import_list", []),
        ("import_template", []),
        ("import_upload", []),
        ("import_preview", [batch.pk]),
    ):
        assert client.get(reverse(f"registry:{name}", args=args)).status_code == 403, name
    assert client.post(reverse("registry:import_upload"), {"file": _file(b"x", "s.xlsx")}).status_code == 403
    assert client.post(reverse("registry:import_apply", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Facility.objects.exists()


def test_anonymous_is_sent_to_login(client, district):
    response = client.get(reverse("registry:import_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_batches_in_a_fixed_number_of_queries(officer, login, survey_book):
    client = login(officer)
    content = survey_book({"排污单位": [facility_row(1)]})
    survey_preview(actor=officer, file_name="第一批.xlsx", content=content)
    client.get(reverse("registry:import_list"))  # warm up session and caches
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("registry:import_list"))
    assert "第一批.xlsx" in response.content.decode()
    for n in range(5):
        survey_preview(actor=officer, file_name=f"第{n}批.xlsx", content=content)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("registry:import_list"))
    assert len(six) == len(one)
