"""Fixtures shared by the self-monitoring and ledger tests (selfmon_kit.py)."""

from ecopermit.filings.tests.selfmon_kit import pinned_day, shipyard_plant  # noqa: F401
