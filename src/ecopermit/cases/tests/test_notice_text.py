"""The notice's text is Chinese official text: no English, one full stop, and an opening that says how the
problems were found (issue 11 item 3, P2)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from ecopermit.cases import services
from ecopermit.cases.documents import how_found, notice_context, render_notice
from ecopermit.core.text import sentence
from ecopermit.testing.visible_text import english_words

pytestmark = pytest.mark.django_db


def _issue(personas, *problems):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    case = None
    for description, source in problems:
        p = services.problem_raise(
            actor=officer,
            facility_id=personas["fish"].pk,
            kind="over_standard",
            description=description,
            source=source,
            required_action="完善治理设施。",
        )
        case = p.case
    return services.notice_issue(
        actor=officer, case=case, deadline=dt.date(2027, 3, 31), served_on=dt.date(2026, 12, 1)
    )


def _docx_text(content: bytes) -> str:
    return "".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_sentence_ends_in_one_full_stop():
    assert sentence("治理设施停运。") == "治理设施停运。"
    assert sentence("治理设施停运。。") == "治理设施停运。"
    assert sentence("治理设施停运") == "治理设施停运。"
    assert sentence("") == ""


def test_no_double_full_stop_in_the_notice(personas):
    notice = _issue(personas, ("生产期间治理设施停运。", "survey"))
    text = _docx_text(render_notice(notice, "docx"))
    assert "治理设施停运。整改要求：完善治理设施。" in text
    assert "。。" not in text


@pytest.mark.parametrize(
    ("sources", "opening"),
    [
        (["survey"], "经调查摸底，"),
        (["monitoring_alarm"], "经在线监测，"),
        (["inspection"], "经现场检查，"),
        (["inspection", "monitoring_alarm", "inspection"], "经现场检查、在线监测，"),
    ],
)
def test_the_opening_follows_the_problems_sources(personas, sources, opening):
    notice = _issue(personas, *[(f"问题{n}", s) for n, s in enumerate(sources)])
    assert notice_context(notice)["body_paragraphs"][0].startswith(opening)
    assert opening in _docx_text(render_notice(notice, "docx"))


def test_how_found_without_sources_is_the_survey():
    assert how_found([]) == "经调查摸底"


def test_an_inspection_finding_reads_chinese_in_the_notice(personas, make_user):
    from ecopermit.accounts.roles import Role
    from ecopermit.inspections import records
    from ecopermit.inspections import services as insp

    officer = personas["officer"]
    other = make_user(Role.BUREAU_OFFICER, "inspector_b", display_name="执法队员乙")
    for n, u in enumerate((officer, other), 1):
        insp.inspector_register(actor=officer, user=u, certificate_number=f"33090299{n:02d}")
    inspection = records.inspection_create(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="ad_hoc",
        inspector1=officer.inspector,
        inspector2=other.inspector,
    )
    code = records.checklist_items(inspection)[0].code
    records.inspection_record(
        actor=officer, inspection=inspection, inspected_at=None, answers={code: ("no", "车间无集气罩。")}
    )
    from ecopermit.cases.models import Problem

    problem = Problem.objects.get(pk=inspection.findings.get().problem_id)
    assert "不符合要求（车间无集气罩）" in problem.description
    notice = services.notice_issue(
        actor=officer, case=problem.case, deadline=dt.date(2027, 3, 31), served_on=dt.date(2026, 12, 1)
    )
    text = _docx_text(render_notice(notice, "docx"))
    assert "不符合要求" in text and "经现场检查" in text
    assert not english_words(text), english_words(text)


def test_legacy_english_in_an_issued_notice_is_printed_in_chinese(personas):
    notice = _issue(
        personas, ("无组织排放按许可证要求采取控制措施：not compliant（车间无集气罩）", "inspection")
    )
    assert "不符合要求（车间无集气罩）" in notice_context(notice)["items"][0]


def test_a_correction_says_which_notice_it_replaces(personas, login):
    first = _issue(personas, ("废水总排口未安装自动监测设备", "survey"))
    correction = services.notice_issue(
        actor=personas["officer"],
        case=first.case,
        deadline=dt.date(2027, 4, 30),
        served_on=dt.date(2026, 12, 10),
        supersede=first,
    )
    text = _docx_text(render_notice(correction, "docx"))
    assert f"2026年12月1日送达的《排污许可限期整改通知书》（{first.number}）的更正" in text
    assert "替代原通知书" in text and "排污许可限期整改通知书（更正）" in text
    assert "更正" not in _docx_text(render_notice(first, "docx"))
    page = login(personas["officer"]).get(f"/cases/{first.case_id}/").content.decode()
    assert f"更正：替代 2026-12-01 送达的通知书 {first.number}" in page
    assert f"已由 {correction.number} 替代" in page
