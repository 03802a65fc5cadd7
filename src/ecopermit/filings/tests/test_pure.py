"""The rule modules import and run without Django settings (DESIGN rule 4; issue 13)."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]

CODE = """
import datetime as dt, sys
from ecopermit.filings.rules import crosscheck, monitoring_plan, reports, retention
reports.periods_due(dt.date(2024, 1, 1), None, ["quarterly"], 2025)
monitoring_plan.frequency_table().lookup("key", "gas", "main", "main")
crosscheck.tolerance_for("a21026")
retention.earliest_deletion("ledger", dt.date(2025, 1, 1))
assert not [m for m in sys.modules if m == "django" or m.startswith("django.")], "django was imported"
"""


def test_rules_import_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
