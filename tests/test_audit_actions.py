"""Every audit action the code writes has a name on the audit screen (issue 11 item 5).

Reads the source: each ``audit_record(action=...)``, each ``export_response(action=...)`` and each workflow
``.move(action=<prefix>)`` joined with that workflow's transition labels. A new code without a name in
``core/audit/actions.py`` fails here, before an audit administrator meets a raw code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ecopermit.assistance.states import BOOKING as BOOKING_WORKFLOW
from ecopermit.assistance.states import BUILDING as BUILDING_WORKFLOW
from ecopermit.cases.closure_states import CLOSURE_WORKFLOW
from ecopermit.cases.lists import LISTS
from ecopermit.cases.states import WORKFLOW as CASE_WORKFLOW
from ecopermit.complaints.states import WORKFLOW as COMPLAINT_WORKFLOW
from ecopermit.core.audit.actions import ACTIONS, FAMILIES, action_choices, action_label, family
from ecopermit.credit.states import WORKFLOW as CREDIT_WORKFLOW
from ecopermit.disclosure.states import ERROR_REPORT_WORKFLOW, NOTICE_WORKFLOW
from ecopermit.enforcement.states import ROUND_WORKFLOW
from ecopermit.enforcement.states import WORKFLOW as PENALTY_WORKFLOW
from ecopermit.filings.states import WORKFLOW as REPORT_WORKFLOW
from ecopermit.inspections.states import WORKFLOW as INSPECTION_WORKFLOW
from ecopermit.monitoring.states import WORKFLOW as ALARM_WORKFLOW

SRC = Path(__file__).resolve().parent.parent / "src" / "ecopermit"
WORKFLOWS = {
    "case.": CASE_WORKFLOW,
    "closure.": CLOSURE_WORKFLOW,
    "penalty.": PENALTY_WORKFLOW,
    "penalty.daily_": ROUND_WORKFLOW,
    "inspections.": INSPECTION_WORKFLOW,
    "monitoring.alarm.": ALARM_WORKFLOW,
    "filings.report.": REPORT_WORKFLOW,
    "disclosure.notice.": NOTICE_WORKFLOW,
    "disclosure.error_report.": ERROR_REPORT_WORKFLOW,
    "credit.level.": CREDIT_WORKFLOW,
    "assistance.booking.": BOOKING_WORKFLOW,
    "assistance.building.": BUILDING_WORKFLOW,
    "complaint.": COMPLAINT_WORKFLOW,
}


def _calls():
    """(file, line, call name, action node) for every call with an ``action=`` keyword outside tests."""
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("audit_record", "export_response", "move"):
                continue
            for kw in node.keywords:
                if kw.arg == "action":
                    yield path.relative_to(SRC), node.lineno, name, kw.value


def _written_codes() -> set[str]:
    codes: set[str] = set()
    prefixes_moved: set[str] = set()
    for where, line, name, value in _calls():
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            if name == "move":
                prefixes_moved.add(value.value)
                codes |= {value.value + t.label for t in WORKFLOWS[value.value].transitions}
            else:
                codes.add(value.value)
        elif isinstance(value, ast.IfExp):
            codes |= {v.value for v in (value.body, value.orelse) if isinstance(v, ast.Constant)}
        elif isinstance(value, ast.JoinedStr) and where == Path("core/workflow.py"):
            continue  # the kernel's <prefix><label>: read from the moves above
        elif isinstance(value, ast.JoinedStr):
            head = value.values[0]
            assert isinstance(head, ast.Constant), (
                f"{where}:{line}: an action code must start with a fixed part"
            )
            prefix = head.value
            if prefix == "list.export.":
                codes |= {prefix + which for which in LISTS}
            elif prefix == "session.":
                codes |= {code for code in ACTIONS if code.startswith(prefix)}
            else:
                pytest.fail(f"{where}:{line}: a computed action code {prefix}…: list its values in this test")
        elif not (isinstance(value, ast.Name) and where.parts[0] == "core"):
            # a variable passed through (export_response's own parameter) is checked where its value is written
            pytest.fail(f"{where}:{line}: cannot read the action code {ast.dump(value)}")
    assert prefixes_moved == set(WORKFLOWS), "a workflow moves with a prefix this test does not know"
    return codes


def test_every_written_action_has_a_name():
    codes = _written_codes()
    assert len(codes) > 100  # the scan found the code base's actions
    missing = sorted(codes - set(ACTIONS))
    assert not missing, f"audit actions without a name in core/audit/actions.py: {missing}"


def test_session_reasons_written_are_named():
    reasons = set()
    for path in (SRC / "accounts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "logout_user":
                reasons |= {kw.value.value for kw in node.keywords if kw.arg == "reason"}
    assert reasons
    assert {f"session.{r}" for r in reasons | {"logout"}} <= set(ACTIONS)


def test_every_action_is_in_a_family_and_named_in_chinese(settings):
    from django.utils import translation

    assert all(family(code) in FAMILIES for code in ACTIONS)
    with translation.override("zh-hans"):
        with translation.override("en"):
            english = {code: str(label) for code, label in ACTIONS.items()}
        untranslated = [code for code, label in ACTIONS.items() if str(label) == english[code]]
        assert not untranslated, f"no Chinese for {untranslated}"
        assert action_label("login.failure") == "登录失败"
        assert action_label("from.an.older.release") == "from.an.older.release"
        groups = dict(action_choices())
        assert ("case.accept", "整改验收通过") in groups["整改案件"]
