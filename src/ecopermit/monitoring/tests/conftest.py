"""Fixtures shared by the monitoring tests (alarms, electricity, views: see alarmkit.py)."""

from ecopermit.monitoring.tests.alarmkit import logger_factory, outlet_factory  # noqa: F401
