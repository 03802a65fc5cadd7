"""One way to show a person, a moment and an overdue item (issue 11 items 9, 11 and "the standard to keep")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from ecopermit.core import clock
from ecopermit.core.templatetags import show

NOON = dt.datetime(2027, 4, 10, 4, 0, tzinfo=dt.UTC)  # 12:00 in Beijing


def render(source: str, **context) -> str:
    with translation.override("zh-hans"):
        return Template("{% load show %}" + source).render(Context(context)).strip()


def test_a_stored_utc_time_is_shown_in_beijing_time():
    assert render("{{ t|bjtime }}", t="2026-12-03T06:46:10.5+00:00") == "2026-12-03 14:46"
    assert render("{{ t|bjtime }}", t=NOON) == "2027-04-10 12:00"
    assert show.bjtime(NOON, seconds=True) == "2027-04-10 12:00:00"


def test_a_date_stays_a_date_and_nothing_is_a_dash():
    assert show.bjtime(dt.date(2027, 4, 2)) == "2027-04-02"
    assert show.bjtime(None) == "—" and show.bjtime("") == "—"
    assert show.bjtime("not a time") == "not a time"


@pytest.mark.django_db
def test_a_person_is_shown_by_name_with_the_account_as_tooltip(django_user_model):
    user = django_user_model.objects.create_user(
        username="zhang3", password="x-Long-Pass-1", display_name="张三"
    )
    html = render("{{ u|person }}", u=user)
    assert ">张三</span>" in html and 'title="zhang3"' in html
    assert ">张三</span>" in render("{{ u|person }}", u="zhang3")  # an old summary that stored the username
    assert render("{{ u|person }}", u="gone") == "gone"
    assert render("{{ u|person }}", u=None) == "—"


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (dt.date(2027, 4, 1), "逾期 9 天"),
        (dt.date(2027, 4, 9), "逾期 1 天"),
        (dt.date(2027, 4, 10), "今日到期"),
        (dt.date(2027, 4, 17), "剩 7 天"),
        (dt.date(2027, 4, 18), ""),
        (None, ""),
    ],
)
def test_due_badge_counts_days_on_the_business_clock(deadline, expected):
    with clock.travel(NOON):
        html = render("{% due_badge d %}", d=deadline)
    assert (expected in html) if expected else html == ""
    if expected.startswith("逾期"):
        assert "badge-danger" in html


def test_a_met_deadline_is_never_shown_as_overdue():
    with clock.travel(NOON):
        assert render("{% due_badge d True %}", d=dt.date(2027, 1, 1)) == ""


def test_an_unacknowledged_notice_is_flagged_after_a_week():
    with clock.travel(NOON):
        assert (
            render(
                "{% unacknowledged_badge d %}",
                d=NOON.date() - dt.timedelta(days=show.ACKNOWLEDGE_WITHIN_DAYS),
            )
            == ""
        )
        late = render("{% unacknowledged_badge d %}", d=dt.date(2027, 2, 10))
    assert "送达 59 天未签收" in late and "badge-danger" in late
