"""Dates offered in forms keep their value in the browser: ISO in every date input (issue 11 item 2)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.utils import translation

from ecopermit.core.widgets import IsoDateInput, IsoDateTimeInput


def test_in_chinese_a_date_renders_iso_not_with_slashes():
    with translation.override("zh-hans"):
        html = IsoDateInput().render("deadline", dt.date(2027, 4, 2))
        stamp = IsoDateTimeInput().render("at", dt.datetime(2027, 4, 2, 9, 30))
    assert 'type="date"' in html and 'value="2027-04-02"' in html
    assert 'type="datetime-local"' in stamp and 'value="2027-04-02T09:30"' in stamp


@pytest.mark.parametrize(
    "module",
    [
        "cases.forms",
        "enforcement.forms",
        "monitoring.forms",
        "inspections.forms",
        "registry.forms",
        "accounts.forms",
    ],
)
def test_every_date_field_of_the_apps_uses_the_iso_widgets(module):
    """A date field left on Django's DateInput would render 2027/04/02 in zh-hans and show empty."""
    loaded = importlib.import_module(f"ecopermit.{module}")
    wrong = []
    for name, form in inspect.getmembers(
        loaded, lambda c: inspect.isclass(c) and issubclass(c, forms.BaseForm)
    ):
        for field_name, field in form.base_fields.items():
            if isinstance(field, forms.DateTimeField | forms.DateField) and not isinstance(
                field.widget, IsoDateInput | IsoDateTimeInput | forms.HiddenInput
            ):
                wrong.append(f"{name}.{field_name}")
    assert wrong == []
