"""Writes of the management ledger (管理台账, issue 13 M5): append-only entries, abnormal events reported at once,
and the nightly watch for a month without any entry.

- ``ledger_entry_add``: one entry in an HJ 944 category, by the enterprise (or an officer). Nothing edits or
  deletes an entry: a correction is a new entry whose ``corrects`` names the one it corrects (shown together),
  and every entry is kept (条例 Art. 21: at least five years; the platform simply never deletes one).
- An abnormal entry (``abnormal``, or an ``*_abnormal`` category) tells the bureau's officers at once: 条例
  Art. 21 requires the unit to record an abnormal event in the ledger and report it to the authority.
- ``ledger_import``: the entries of a filled-in XLSX template (``ledger_sheets``), all or none, each through
  ``ledger_entry_add`` (abnormal rows tell the officers as on screen); one problem anywhere and nothing is stored.
- ``ledger_requirement_set``: the recording frequency the permit's 副本 names for one category (with the clause);
  ``ledger_requirements`` lists what is in force per category, the data file's default where the permit names none.
- ``ledger_watch``: "management ledger not kept" problems (条例 Art. 37(1)) for a facility that held a permit on
  every day of the last full month:
  - for each category whose frequency was recorded from the permit (daily, weekly or monthly), the days, weeks or
    the month of it without an entry of that category — ONE problem per facility, category and month naming how
    many periods are missing (``rules.ledger``);
  - where the permit names no periodic frequency: **bureau default, not law** — no entry at all in the month. The
    category defaults of ``data/ledger_frequencies.json`` (HJ 944 as copied into permits, unverified) are shown,
    not judged, so the watch never rests on a frequency the permit may not state.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.facade import user_of
from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Kind as ProblemKind
from ecopermit.cases.vocab import Source
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.sheets import ImportIssue
from ecopermit.core.types import Actor
from ecopermit.filings.ledger_sheets import SPEC as LEDGER_SPEC
from ecopermit.filings.ledger_sheets import read_ledger
from ecopermit.filings.models import LedgerCategory, LedgerEntry, LedgerFrequency, LedgerRequirement
from ecopermit.filings.rules import ledger as rules
from ecopermit.filings.sheet_table import ImportOutcome, Rejected
from ecopermit.registry import facade as registry

ARTICLE_ABNORMAL = "《排污许可管理条例》第二十一条"
ARTICLE_LEDGER_MISSING = "《排污许可管理条例》第三十七条第（一）项"
ABNORMAL_CATEGORIES = frozenset({LedgerCategory.PRODUCTION_ABNORMAL, LedgerCategory.TREATMENT_ABNORMAL})
PROBLEM_SOURCE = Source.OVERDUE_FILING  # 核查 on the case documents


def _ledger_link(facility_id: int) -> str:
    return reverse("filings:ledger_list", args=[facility_id])


@transaction.atomic
def ledger_entry_add(
    *,
    actor: Actor,
    facility_id: int,
    category: str,
    subject: str,
    occurred_on: dt.date,
    content: str,
    abnormal: bool = False,
    data: dict[str, Any] | None = None,
    corrects: LedgerEntry | None = None,
) -> LedgerEntry:
    """Appends one entry (a correction when ``corrects`` is given: it must be of the same facility and not already
    corrected; correct the latest correction instead)."""
    if category not in LedgerCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    subject, content = subject.strip(), content.strip()
    if not subject:
        raise DomainError(_("Name the facility or outlet the record is about."), field="subject")
    if not content:
        raise DomainError(_("Write the record."), field="content")
    if occurred_on > clock.today():
        raise DomainError(_("The date is in the future."), field="occurred_on")
    if corrects is not None:
        corrects = LedgerEntry.objects.select_for_update().get(pk=corrects.pk)
        if corrects.facility_id != facility_id:
            raise DomainError(_("The corrected entry belongs to another facility."))
        later = corrects.corrections.order_by("pk").first()
        if later is not None:
            raise DomainError(
                _("Entry %(n)s has already been corrected by entry %(m)s: correct that one.")
                % {"n": corrects.pk, "m": later.pk}
            )
    abnormal = abnormal or category in ABNORMAL_CATEGORIES
    entry = LedgerEntry.objects.create(
        facility_id=facility_id,
        category=category,
        subject=subject[:100],
        occurred_on=occurred_on,
        content=content,
        data=data or {},
        abnormal=abnormal,
        corrects=corrects,
        entered_by=user_of(actor),
        entered_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="filings.ledger.correct" if corrects is not None else "filings.ledger.add",
        obj=entry,
        after={
            "facility": facility_id,
            "category": category,
            "subject": entry.subject,
            "occurred_on": occurred_on,
            "abnormal": abnormal,
            "corrects": corrects.pk if corrects is not None else None,
        },
    )
    if abnormal:
        ref = registry.facility_ref(facility_id)
        notify(
            accounts.bureau_officers(),
            _("Abnormal event reported in the ledger of %(facility)s on %(day)s (%(subject)s): %(content)s")
            % {
                "facility": ref.name,
                "day": occurred_on.isoformat(),
                "subject": entry.subject,
                "content": content,
            },
            reverse("filings:ledger_abnormal"),
        )
    return entry


_LEDGER_COLUMN = frozenset({"category", "subject", "content", "occurred_on"})


def ledger_import(*, actor: Actor, facility_id: int, content: bytes, file_name: str) -> ImportOutcome:
    """Appends every entry of the file through ``ledger_entry_add``, or none: the outcome's issues name sheet, row
    and column of each problem — of the file (``ledger_sheets.read_ledger``) and whatever ``ledger_entry_add``
    refuses (a date in the future)."""
    rows, found = read_ledger(content)
    if found:
        return ImportOutcome(issues=tuple(found))
    issues: list[ImportIssue] = []
    stored: list[LedgerEntry] = []
    try:
        with transaction.atomic():
            for row in rows:
                v = row.values
                try:
                    with transaction.atomic():
                        stored.append(
                            ledger_entry_add(
                                actor=actor,
                                facility_id=facility_id,
                                category=v["category"],
                                subject=v["subject"],
                                occurred_on=v["occurred_on"],
                                content=v["content"],
                                abnormal=bool(v.get("abnormal", False)),
                            )
                        )
                except DomainError as exc:
                    if exc.field in _LEDGER_COLUMN:
                        issues.append(row.issue(LEDGER_SPEC, exc.field, exc.message))
                    else:
                        issues.append(ImportIssue(LEDGER_SPEC.sheet, row.row, "", "", "", exc.message))
            if issues:
                raise Rejected
            audit_record(
                actor=actor,
                action="filings.ledger.import",
                object_type="registry.facility",
                object_id=facility_id,
                after={
                    "file_name": file_name[:255],
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "rows": len(stored),
                    "entries": [e.pk for e in stored],
                    "abnormal": [e.pk for e in stored if e.abnormal],
                },
            )
    except Rejected:
        return ImportOutcome(issues=tuple(issues))
    return ImportOutcome(stored=tuple(stored))


def last_full_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month before ``today``'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


@transaction.atomic
def ledger_requirement_set(
    *, actor: Actor, permit_id: int, category: str, frequency: str, source: str
) -> LedgerRequirement:
    """Records the frequency the permit's 副本 names for one ledger category (one row per permit and category:
    setting it again replaces it; the audit trail keeps the earlier one)."""
    if category not in LedgerCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    if frequency not in LedgerFrequency.values:
        raise DomainError(_("Choose a recording frequency."), field="frequency")
    source = source.strip()
    if not source:
        raise DomainError(_("Name the permit clause that sets this frequency."), field="source")
    before = LedgerRequirement.objects.filter(permit_id=permit_id, category=category).first()
    requirement, _created = LedgerRequirement.objects.update_or_create(
        permit_id=permit_id,
        category=category,
        defaults={
            "frequency": frequency,
            "source": source[:200],
            "set_by": user_of(actor),
            "set_at": clock.now(),
        },
    )
    audit_record(
        actor=actor,
        action="filings.ledger.requirement",
        obj=requirement,
        before={"frequency": before.frequency, "source": before.source} if before else None,
        after={"permit": permit_id, "category": category, "frequency": frequency, "source": source[:200]},
    )
    return requirement


def permit_in_force(facility_id: int, day: dt.date) -> registry.PermitRef | None:
    """The facility's permit in force on ``day`` (the latest issued, if two overlap)."""
    found = [
        p
        for p in registry.permits_held_in(day.year, facility_ids=[facility_id])
        if p.issued_on <= day <= p.valid_until
    ]
    return found[-1] if found else None


@dataclass(frozen=True)
class RequirementRow:
    category: str
    category_label: str
    frequency: str
    frequency_label: str
    source: str
    default: bool  # the data file's default: shown, not judged on its own
    tag: str  # "permit" or the data file's S/M tag


def ledger_requirements(permit_id: int | None) -> list[RequirementRow]:
    """Every category with the frequency in force: the permit's where recorded, otherwise the default."""
    recorded = (
        {r.category: r for r in LedgerRequirement.objects.filter(permit_id=permit_id)} if permit_id else {}
    )
    labels = dict(LedgerFrequency.choices)
    rows = []
    for category, label in LedgerCategory.choices:
        r = recorded.get(category)
        if r is not None:
            rows.append(
                RequirementRow(
                    category, str(label), r.frequency, str(labels[r.frequency]), r.source, False, "permit"
                )
            )
        else:
            d = rules.defaults().categories[category]
            rows.append(
                RequirementRow(
                    category, str(label), d.frequency, str(labels[d.frequency]), d.source, True, d.tag
                )
            )
    return rows


def ledger_watch(today: dt.date | None = None) -> int:
    """Raises "management ledger not kept" (条例 Art. 37(1)) for each facility that held a permit on every day of
    the last full month, per the module docstring: per required category and month, or (no frequency recorded)
    for a month without any entry. Once per facility, category and month. Returns the number raised."""
    today = today or clock.today()
    start, end = last_full_month(today)
    permit_of: dict[int, int] = {}
    for p in registry.permits_held_in(start.year):
        if p.issued_on <= start and p.valid_until >= end:
            permit_of[p.facility_id] = p.id  # oldest first: the latest issued wins
    if not permit_of:
        return 0
    required: dict[int, list[LedgerRequirement]] = {}
    for r in LedgerRequirement.objects.filter(
        permit_id__in=permit_of.values(), frequency__in=rules.PERIODIC
    ).order_by("category"):
        required.setdefault(r.permit_id, []).append(r)
    month = f"{start.year:04d}-{start.month:02d}"
    raised = 0
    plain = [f for f, p in permit_of.items() if p not in required]
    kept = set(
        LedgerEntry.objects.filter(
            facility_id__in=plain, occurred_on__gte=start, occurred_on__lte=end
        ).values_list("facility_id", flat=True)
    )
    for facility_id in sorted(permit_of):
        known = {p.key for p in cases.derived_problems(facility_id, source=PROBLEM_SOURCE)}
        if facility_id in kept:
            continue
        if facility_id in plain:
            ref = f"filings.ledger:{month}"
            if ref not in known:
                _raise_missing(facility_id, start, end, ref, today)
                raised += 1
            continue
        for requirement in required[permit_of[facility_id]]:
            ref = f"filings.ledger:{requirement.category}:{month}"
            if ref in known:
                continue
            first, last = rules.window(requirement.frequency, start, end) or (start, end)
            dates = LedgerEntry.objects.filter(
                facility_id=facility_id,
                category__in=rules.counts_for(requirement.category),
                occurred_on__gte=first,
                occurred_on__lte=last,
            ).values_list("occurred_on", flat=True)
            missing = rules.missing_periods(requirement.frequency, start, end, dates)
            if missing:
                _raise_category_missing(facility_id, requirement, missing, start, end, ref, today)
                raised += 1
    return raised


@transaction.atomic
def _raise_category_missing(
    facility_id: int,
    requirement: LedgerRequirement,
    missing: list[rules.Period],
    start: dt.date,
    end: dt.date,
    ref: str,
    today: dt.date,
) -> int:
    facility = registry.facility_ref(facility_id)
    values = {
        "facility": facility.name,
        "category": requirement.get_category_display(),
        "n": len(missing),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "source": requirement.source,
    }
    if requirement.frequency == LedgerFrequency.DAILY:
        text = _(
            "%(facility)s has no “%(category)s” ledger entry on %(n)d day(s) from %(start)s to %(end)s; "
            "the permit requires one a day (%(source)s)."
        )
    elif requirement.frequency == LedgerFrequency.WEEKLY:
        text = _(
            "%(facility)s has no “%(category)s” ledger entry in %(n)d week(s) ending from %(start)s to %(end)s; "
            "the permit requires one a week (%(source)s)."
        )
    else:
        text = _(
            "%(facility)s has no “%(category)s” ledger entry from %(start)s to %(end)s; "
            "the permit requires one a month (%(source)s)."
        )
    text = text % values
    problem_id = cases.problem_raise(
        actor=None,
        facility_id=facility_id,
        kind=ProblemKind.LEDGER_MISSING,
        description=text,
        source=PROBLEM_SOURCE,
        source_ref=ref,
        evidence={
            "article": ARTICLE_LEDGER_MISSING,
            "rule": f"许可证副本规定的台账记录频次（{requirement.source}）",
            "category": requirement.category,
            "frequency": requirement.frequency,
            "permit_clause": requirement.source,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "missing_count": len(missing),
            "missing": [[p.start.isoformat(), p.end.isoformat()] for p in missing],
        },
        found_on=today,
    )
    audit_record(
        actor=None,
        action="filings.ledger.missing",
        object_type="registry.facility",
        object_id=facility_id,
        after={
            "problem": problem_id,
            "category": requirement.category,
            "frequency": requirement.frequency,
            "missing": len(missing),
            "period_start": start,
            "period_end": end,
            "article": ARTICLE_LEDGER_MISSING,
        },
    )
    notify(registry.facility_users(facility_id), text, _ledger_link(facility_id))
    return problem_id


@transaction.atomic
def _raise_missing(facility_id: int, start: dt.date, end: dt.date, ref: str, today: dt.date) -> int:
    facility = registry.facility_ref(facility_id)
    text = _("%(facility)s recorded nothing in its management ledger from %(start)s to %(end)s.") % {
        "facility": facility.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    problem_id = cases.problem_raise(
        actor=None,
        facility_id=facility_id,
        kind=ProblemKind.LEDGER_MISSING,
        description=text,
        source=PROBLEM_SOURCE,
        source_ref=ref,
        evidence={
            "article": ARTICLE_LEDGER_MISSING,
            "rule": "持证期间整月无任何环境管理台账记录（局默认判定规则，非法定频次；实际记录频次以许可证副本为准）",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "days_in_month": calendar.monthrange(start.year, start.month)[1],
        },
        found_on=today,
    )
    audit_record(
        actor=None,
        action="filings.ledger.missing",
        object_type="registry.facility",
        object_id=facility_id,
        after={
            "problem": problem_id,
            "period_start": start,
            "period_end": end,
            "article": ARTICLE_LEDGER_MISSING,
        },
    )
    notify(registry.facility_users(facility_id), text, _ledger_link(facility_id))
    return problem_id
