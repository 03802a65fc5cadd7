"""Recording frequencies per permit (管理台账, HJ 944; issue 13 M5) and the watch that judges them (条例 Art. 37(1)).

The shipyard's permit names a daily production record and a monthly treatment record; the fish processor's names a
weekly reagent record; the foundry's names none, so the bureau's monthly rule still applies to it."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.errors import DomainError
from ecopermit.filings import ledger_services as services
from ecopermit.filings.models import LedgerRequirement
from ecopermit.filings.tests.selfmon_kit import audit, notes, permit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]

CLAUSE = "许可证副本 第七部分 环境管理台账记录要求 表12"


def add(personas, who, facility, category, day, abnormal=False):  # type: ignore[no-untyped-def]
    return services.ledger_entry_add(
        actor=personas[who],
        facility_id=personas[facility].pk,
        category=category,
        subject="1号船坞" if facility == "shipyard" else "速冻车间",
        occurred_on=day,
        content="正常运行",
        abnormal=abnormal,
    )


@pytest.fixture
def permits(personas):  # type: ignore[no-untyped-def]
    return {
        "shipyard": permit(personas["shipyard"], number="SHIPYARD-2024", issued=dt.date(2024, 1, 1)),
        "fish": permit(personas["fish"], number="FISH-2025", cls="simplified", issued=dt.date(2025, 2, 15)),
        "foundry": permit(personas["foundry"], number="FOUNDRY-2024", issued=dt.date(2024, 3, 1)),
    }


def require(personas, permits, facility, category, frequency):  # type: ignore[no-untyped-def]
    return services.ledger_requirement_set(
        actor=personas["officer"],
        permit_id=permits[facility].pk,
        category=category,
        frequency=frequency,
        source=CLAUSE,
    )


def test_officer_records_the_permits_frequency_on_the_ledger_page(personas, permits, login):
    url = f"/filings/ledger/{personas['shipyard'].pk}/"
    officer = login(personas["officer"])
    page = officer.get(url).content.decode()
    assert "SHIPYARD-2024" in page and 'name="req-source"' in page
    assert page.count("默认") >= 7  # every category shows its default until the permit's clause is recorded
    response = officer.post(
        url + "requirement/", {"req-category": "production", "req-frequency": "daily", "req-source": CLAUSE}
    )
    assert response.status_code == 302
    r = LedgerRequirement.objects.get()
    assert (r.permit, r.category, r.frequency, r.source, r.set_by) == (
        permits["shipyard"],
        "production",
        "daily",
        CLAUSE,
        personas["officer"],
    )
    (event,) = audit("filings.ledger.requirement")
    assert event.after["frequency"] == "daily" and event.before is None
    page = officer.get(url).content.decode()
    assert CLAUSE in page and page.count("默认") >= 6
    # setting it again replaces the row; the audit keeps the earlier value
    officer.post(
        url + "requirement/", {"req-category": "production", "req-frequency": "weekly", "req-source": CLAUSE}
    )
    assert LedgerRequirement.objects.get().frequency == "weekly"
    assert audit("filings.ledger.requirement")[1].before == {"frequency": "daily", "source": CLAUSE}
    # a frequency without its clause is refused, naming the field
    response = officer.post(
        url + "requirement/", {"req-category": "reagent", "req-frequency": "daily", "req-source": ""}
    )
    assert response.status_code == 400 and LedgerRequirement.objects.count() == 1


def test_the_enterprise_sees_the_frequencies_but_does_not_set_them(personas, permits, login):
    manager = login(personas["shipyard_manager"])
    url = f"/filings/ledger/{personas['shipyard'].pk}/"
    page = manager.get(url).content.decode()
    assert "SHIPYARD-2024" in page and 'name="req-source"' not in page
    data = {"req-category": "production", "req-frequency": "daily", "req-source": CLAUSE}
    assert manager.post(url + "requirement/", data).status_code == 403
    assert login(personas["town_chengdong"]).post(url + "requirement/", data).status_code == 403
    assert not LedgerRequirement.objects.exists()


def test_no_permit_today_no_clause_to_record(personas, login):
    url = f"/filings/ledger/{personas['shipyard2'].pk}/"
    officer = login(personas["officer"])
    assert 'name="req-source"' not in officer.get(url).content.decode()
    response = officer.post(
        url + "requirement/", {"req-category": "production", "req-frequency": "daily", "req-source": CLAUSE}
    )
    assert response.status_code == 400 and not LedgerRequirement.objects.exists()


def test_the_service_refuses_an_unknown_category_frequency_or_a_missing_clause(personas, permits):
    kwargs = {"actor": personas["officer"], "permit_id": permits["fish"].pk, "source": CLAUSE}
    with pytest.raises(DomainError) as exc:
        services.ledger_requirement_set(**kwargs, category="basic_info", frequency="daily")
    assert exc.value.field == "category"
    with pytest.raises(DomainError) as exc:
        services.ledger_requirement_set(**kwargs, category="reagent", frequency="hourly")
    assert exc.value.field == "frequency"
    with pytest.raises(DomainError) as exc:
        services.ledger_requirement_set(**{**kwargs, "source": "  "}, category="reagent", frequency="daily")
    assert exc.value.field == "source"


def test_listing_in_force_marks_the_defaults(personas, permits):
    require(personas, permits, "shipyard", "treatment", "monthly")
    rows = {r.category: r for r in services.ledger_requirements(permits["shipyard"].pk)}
    assert len(rows) == 7
    assert (rows["treatment"].frequency, rows["treatment"].default, rows["treatment"].source) == (
        "monthly",
        False,
        CLAUSE,
    )
    assert (rows["production"].frequency, rows["production"].default, rows["production"].tag) == (
        "daily",
        True,
        "S",
    )
    assert rows["monitoring"].tag == "M" and rows["monitoring"].frequency == "per_event"
    assert all(r.default for r in services.ledger_requirements(None))


def test_a_daily_category_raises_one_problem_naming_the_missing_days(personas, permits):
    require(personas, permits, "shipyard", "production", "daily")
    require(personas, permits, "shipyard", "treatment", "monthly")
    for day in range(1, 31):
        if day not in (7, 8, 21):
            add(
                personas,
                "shipyard_manager",
                "shipyard",
                "production",
                dt.date(2025, 6, day),
                abnormal=day == 14,
            )
    add(
        personas, "shipyard_manager", "shipyard", "production_abnormal", dt.date(2025, 6, 8)
    )  # counts for the 8th
    add(personas, "shipyard_manager", "shipyard", "treatment", dt.date(2025, 6, 30))
    add(personas, "fish_manager", "fish", "reagent", dt.date(2025, 6, 3))
    add(personas, "fish_manager", "fish", "other", dt.date(2025, 6, 3))
    assert (
        services.ledger_watch(dt.date(2025, 7, 1)) == 2
    )  # the shipyard's production, the foundry (no entry)
    mine = Problem.objects.get(facility=personas["shipyard"], kind="ledger_missing")
    assert mine.source_ref == "filings.ledger:production:2025-06"
    assert mine.evidence["missing_count"] == 2
    assert mine.evidence["missing"] == [["2025-06-07", "2025-06-07"], ["2025-06-21", "2025-06-21"]]
    assert mine.evidence["article"] == "《排污许可管理条例》第三十七条第（一）项"
    assert mine.evidence["permit_clause"] == CLAUSE and CLAUSE in mine.evidence["rule"]
    assert "有2天无“生产设施运行管理信息”台账记录" in mine.description and CLAUSE in mine.description
    foundry = Problem.objects.get(facility=personas["foundry"])
    assert foundry.source_ref == "filings.ledger:2025-06" and "局默认" in foundry.evidence["rule"]
    (note,) = notes(personas["shipyard_manager"])
    assert note.link == f"/filings/ledger/{personas['shipyard'].pk}/"
    events = audit("filings.ledger.missing")
    assert {e.after.get("category") for e in events} == {"production", None}
    # again on the 2nd: nothing new; the problem is once per facility, category and month
    assert services.ledger_watch(dt.date(2025, 7, 2)) == 0
    assert Problem.objects.filter(kind="ledger_missing").count() == 2


def test_a_month_with_nothing_at_all_names_each_required_category(personas, permits):
    """Deliberate change: a permit naming frequencies is judged by them, not by the bureau's monthly rule, so a
    silent month raises one problem per required category (never the "nothing at all" one besides)."""
    require(personas, permits, "shipyard", "production", "daily")
    require(personas, permits, "shipyard", "treatment", "monthly")
    require(personas, permits, "shipyard", "monitoring", "per_event")  # as it happens: never judged
    assert services.ledger_watch(dt.date(2025, 7, 1)) == 4  # shipyard ×2, fish, foundry (monthly rule)
    refs = set(Problem.objects.filter(facility=personas["shipyard"]).values_list("source_ref", flat=True))
    assert refs == {"filings.ledger:production:2025-06", "filings.ledger:treatment:2025-06"}
    production = Problem.objects.get(source_ref="filings.ledger:production:2025-06")
    assert production.evidence["missing_count"] == 30


def test_weekly_counts_the_weeks_ending_in_the_month(personas, permits):
    require(personas, permits, "fish", "reagent", "weekly")
    # June 2025's weeks end on 1, 8, 15, 22, 29 June; 27 May counts for the week ending 1 June
    for day in (dt.date(2025, 5, 27), dt.date(2025, 6, 4), dt.date(2025, 6, 18)):
        add(personas, "fish_manager", "fish", "reagent", day)
    services.ledger_watch(dt.date(2025, 7, 1))
    fish = Problem.objects.get(facility=personas["fish"])
    assert fish.source_ref == "filings.ledger:reagent:2025-06"
    assert fish.evidence["missing"] == [["2025-06-09", "2025-06-15"], ["2025-06-23", "2025-06-29"]]
    assert fish.evidence["frequency"] == "weekly"


def test_only_as_it_happens_requirements_keep_the_monthly_rule(personas, permits):
    require(personas, permits, "foundry", "treatment_abnormal", "per_event")
    add(personas, "officer", "foundry", "monitoring", dt.date(2025, 6, 12))
    services.ledger_watch(dt.date(2025, 7, 1))
    assert not Problem.objects.filter(facility=personas["foundry"]).exists()  # an entry in June: kept
