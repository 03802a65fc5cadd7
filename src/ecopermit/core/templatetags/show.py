"""One way to show a person, a moment and an overdue item on every page (issue 11 "the standard to keep", items 9
and 11).

- ``{{ user|person }}``: the person's name, with the account name as a tooltip; "—" for nobody. A username alone
  (an old summary that stored one) is looked up, and shown as it is when the account is gone.
- ``{{ value|bjtime }}``: a moment in Beijing time (the district's ``TIME_ZONE``), ``YYYY-MM-DD HH:MM``; accepts
  an aware datetime or an ISO 8601 string such as the ones stored in JSON summaries (``…T06:46:00+00:00`` is shown
  as ``14:46``). A date stays a date.
- ``{% due_badge deadline %}``: red "逾期 N 天" past the deadline, amber "剩 N 天" in its last seven days, nothing
  otherwise or when ``done`` is true. Days are counted on the business clock (``core.clock.today``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from ecopermit.core import clock

register = template.Library()

#: Days before a deadline from which it is shown as near.
DUE_SOON_DAYS = 7


@register.filter
def person(user: Any) -> SafeString | str:
    if user is None or user == "":
        return "—"
    if isinstance(user, str):
        found = get_user_model().objects.filter(username=user).only("display_name", "username").first()
        if found is None:
            return user
        user = found
    name = getattr(user, "display_name", "") or user.get_username()
    return format_html('<span class="person" title="{}">{}</span>', user.get_username(), name)


def _moment(value: Any) -> dt.datetime | dt.date | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        return timezone.localtime(value)
    if isinstance(value, dt.date):
        return value
    return None


@register.filter
def bjtime(value: Any, seconds: bool = False) -> str:
    moment = _moment(value)
    if moment is None:
        return "—" if value in (None, "") else str(value)
    if not isinstance(moment, dt.datetime):
        return moment.isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def days_overdue(deadline: dt.date | None, today: dt.date) -> int:
    """Days past ``deadline`` (0 on the day itself and before it)."""
    return max((today - deadline).days, 0) if deadline else 0


@register.simple_tag
def due_badge(deadline: Any, done: bool = False) -> SafeString | str:
    if done or not deadline:
        return ""
    if isinstance(deadline, dt.datetime):
        deadline = timezone.localdate(deadline)
    left = (deadline - clock.today()).days
    if left < 0:
        text = ngettext("%(n)d day overdue", "%(n)d days overdue", -left) % {"n": -left}
        return format_html('<span class="badge badge-danger overdue" title="{}">{}</span>', deadline, text)
    if left <= DUE_SOON_DAYS:
        text = (
            ngettext("%(n)d day left", "%(n)d days left", left) % {"n": left}
            if left
            else gettext("due today")
        )
        return format_html('<span class="badge badge-warn due-soon" title="{}">{}</span>', deadline, text)
    return ""


#: Days after service within which an enterprise is expected to acknowledge a notice on the platform; later, the
#: notice is flagged (a platform convention, not a legal period: service itself is what the law counts).
ACKNOWLEDGE_WITHIN_DAYS = 7


@register.simple_tag
def unacknowledged_badge(served_on: Any) -> SafeString | str:
    if not served_on:
        return ""
    waited = (clock.today() - served_on).days
    if waited <= ACKNOWLEDGE_WITHIN_DAYS:
        return ""
    text = ngettext(
        "not acknowledged %(n)d day after service", "not acknowledged %(n)d days after service", waited
    ) % {"n": waited}
    return format_html('<span class="badge badge-danger overdue">{}</span>', text)
