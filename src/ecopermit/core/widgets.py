"""Date inputs that keep their value (issue 11 item 2).

Browsers accept only ``YYYY-MM-DD`` in ``<input type="date">`` (and ``YYYY-MM-DDTHH:MM`` in datetime-local); Django
renders a date with the active locale's first input format, ``2027/04/02`` in zh-hans, which the browser drops: the
field shows empty and the officer retypes the deadline. These widgets always render ISO.
"""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
