"""Fixtures shared by the monitoring tests (alarms, electricity, views: see alarmkit.py; the listener: see
ingest_support.py)."""

from ecopermit.monitoring.tests.alarmkit import logger_factory, outlet_factory  # noqa: F401
from ecopermit.monitoring.tests.ingest_support import dl, ingest_config, ingest_server  # noqa: F401
