"""The survey workbook fixtures of the registry tests, for the intake flow's tests."""

from ecopermit.registry.tests.conftest import officer, survey_book  # noqa: F401
