"""Writes of the self-proof app (issue 13): execution reports scheduled from the permits, submitted (the national
platform's PDF plus its key tables), reviewed, reminded and, when left unsubmitted past the due date, raised as a
problem under 条例 Art. 37(3). Every write is atomic, leaves its event row and audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.facade import user_of
from ecopermit.accounts.scope import scope_of
from ecopermit.cases import facade as cases
from ecopermit.core import clock, evidence, hooks, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor
from ecopermit.filings import report_bulk, selectors
from ecopermit.filings.models import (
    DeadlineOverride,
    ExecutionReport,
    Frequency,
    ReportEvent,
    ReportingRequirement,
    ReportStatus,
    ReportVersion,
)
from ecopermit.filings.report_bulk import BulkIssue
from ecopermit.filings.report_checks import check_report, whole_period_shutdown
from ecopermit.filings.report_data import Issue, ReportData, as_json
from ecopermit.filings.rules import reports as rules
from ecopermit.filings.states import WORKFLOW, Who
from ecopermit.registry import facade as registry

#: Without a reporting requirement recorded for the permit: a key-management permit reports quarterly, a simplified
#: one annually (issue 13: "重点管理 commonly quarterly"; the permit's 副本 decides, so an officer records it).
DEFAULT_FREQUENCY = {"key": Frequency.QUARTERLY, "simplified": Frequency.ANNUAL}
#: Reminder this many days before a report is due (a bureau convention, not a legal period).
REMIND_DAYS = 15
#: The national platform's report is a PDF; 20 MB like the other evidence uploads.
MAX_FILE_BYTES = 20 * 1024 * 1024
OVERDUE_ARTICLE = "《排污许可管理条例》第二十二条、第三十七条第（三）项"


class ReportRejected(DomainError):
    """The report's tables have errors; ``issues`` names each with its table, row and field."""

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        super().__init__(
            _("The report has %(n)d error(s); nothing was stored.") % {"n": len(issues)}, code="report"
        )
        self.issues = issues


def _event(report: ExecutionReport, actor: Actor, kind: str, **kwargs: Any) -> ReportEvent:
    return ReportEvent.record(report, actor, kind, **kwargs)


def frequency_of(management_class: str, requirement: ReportingRequirement | None) -> str:
    if requirement is not None:
        return requirement.frequency
    return DEFAULT_FREQUENCY.get(management_class, Frequency.ANNUAL)


def _kinds(frequency: str) -> list[str]:
    return [] if frequency == Frequency.ANNUAL else [frequency]


def _overrides(year: int) -> list[rules.Override]:
    return [
        # the column's choices are the rules' kinds (ReportKind mirrors rules.reports.KINDS)
        rules.Override(cast(rules.Kind, o.kind), o.year, o.number, o.due_on, o.source)
        for o in DeadlineOverride.objects.filter(year=year)
    ]


@transaction.atomic
def reports_schedule(*, year: int, facility_ids: Any = None) -> int:
    """Creates the reports owed for ``year`` under every permit held in it (HJ 944 periods and skip rules, due dates
    with the bureau's overrides); a report already scheduled is left as it is. Returns how many were created."""
    permits = registry.permits_held_in(year, facility_ids=facility_ids)
    requirements = {
        r.permit_id: r for r in ReportingRequirement.objects.filter(permit_id__in=[p.id for p in permits])
    }
    existing = set(ExecutionReport.objects.filter(year=year).values_list("permit_id", "kind", "period_no"))
    overrides = _overrides(year)
    created = 0
    now = clock.now()
    for permit in permits:
        kinds = _kinds(frequency_of(permit.management_class, requirements.get(permit.id)))
        for due in rules.periods_due(permit.issued_on, permit.valid_until, kinds, year, overrides):
            if (permit.id, due.kind, due.number) in existing:
                continue
            ExecutionReport.objects.create(
                number=numbering.next_reference("report", year),
                facility_id=permit.facility_id,
                permit_id=permit.id,
                kind=due.kind,
                year=year,
                period_no=due.number,
                period_start=due.period_start,
                period_end=due.period_end,
                covers_start=due.covers_start,
                covers_end=due.covers_end,
                due_on=due.due,
                due_source=due.due_source[:200],
                created_at=now,
            )
            created += 1
    return created


@transaction.atomic
def requirement_set(
    *, actor: Actor, permit_id: int, frequency: str, source: str = ""
) -> ReportingRequirement:
    """Records what the permit's 副本 requires; reports not yet submitted follow it from the next schedule."""
    if frequency not in Frequency.values:
        raise DomainError(_("Unknown reporting frequency."), field="frequency")
    requirement, _created = ReportingRequirement.objects.update_or_create(
        permit_id=permit_id,
        defaults={
            "frequency": frequency,
            "source": source.strip(),
            "set_by": user_of(actor),
            "set_at": clock.now(),
        },
    )
    audit_record(
        actor=actor,
        action="filings.requirement.set",
        obj=requirement,
        after={"frequency": frequency, "source": source},
    )
    return requirement


@transaction.atomic
def deadline_override_set(
    *, actor: Actor, kind: str, year: int, number: int, due_on: dt.date, source: str
) -> DeadlineOverride:
    """The ministry moved a deadline by notice: reports of that period not yet submitted move with it."""
    if not source.strip():
        raise DomainError(_("Name the notice that moved the deadline."), field="source")
    rule = rules.kind_rules().get(cast(rules.Kind, kind))  # any string: an unknown kind finds no rule
    if rule is None or not 1 <= number <= 12 // rule.months:
        raise DomainError(_("No such report period."), field="number")
    last_month = number * rule.months
    period_end = dt.date(year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1)
    if due_on <= period_end:
        raise DomainError(
            _("The due date must fall after the period ends (%(end)s).") % {"end": f"{period_end:%Y-%m-%d}"},
            field="due_on",
        )
    override, _created = DeadlineOverride.objects.update_or_create(
        kind=kind,
        year=year,
        number=number,
        defaults={
            "due_on": due_on,
            "source": source.strip(),
            "set_by": user_of(actor),
            "set_at": clock.now(),
        },
    )
    moved = ExecutionReport.objects.filter(
        kind=kind, year=year, period_no=number, status__in=[ReportStatus.DUE, ReportStatus.RETURNED]
    ).update(due_on=due_on, due_source=source.strip()[:200], reminded_on=None)
    audit_record(
        actor=actor,
        action="filings.deadline.set",
        obj=override,
        after={
            "kind": kind,
            "year": year,
            "number": number,
            "due_on": due_on,
            "source": source,
            "moved": moved,
        },
    )
    return override


def _locked(report: ExecutionReport) -> ExecutionReport:
    return ExecutionReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    report: ExecutionReport,
    data: ReportData,
    content: bytes | None = None,
    file_name: str = "",
    via: str = "screen",
    who: str = Who.ENTERPRISE,
    file_required: bool = True,
    notify_officers: bool = True,
) -> ReportVersion:
    """A submission (or resubmission after a return): the tables checked against the permit's outlets (every error
    at once, with its table, row and field; nothing stored when there is one), the national platform's PDF stored as
    evidence (not needed for a shutdown statement covering the whole period), a new version, the report submitted.

    ``file_required=False`` is for the officer's bulk entry only (:func:`reports_bulk_submit`): the officer types
    the figures from the enterprise's report, and no PDF comes with them; the version then has no file, and its
    ``via`` ("bulk") and the event's ``file: false`` record that none came. ``notify_officers=False``: the bulk
    import tells no officer of each report (an officer entered them)."""
    report = _locked(report)
    target = ReportStatus.SUBMITTED
    WORKFLOW.check(report.status, target, who=who)
    issues = check_report(
        data,
        period_start=report.covers_start,
        period_end=report.covers_end,
        outlets=registry.outlet_pollutants(report.facility_id),
    )
    if issues:
        raise ReportRejected(tuple(issues))
    shutdown_only = whole_period_shutdown(data.shutdowns, report.covers_start, report.covers_end)
    if content is None and not shutdown_only and file_required:
        raise DomainError(
            _("Attach the report exported from the national permit platform (PDF)."), field="file"
        )
    if content is not None:
        hooks.refuse_upload(actor)
        if len(content) > MAX_FILE_BYTES:
            raise DomainError(_("The file is larger than 20 MB."), field="file")
        if evidence.sniff(content) != "application/pdf":
            raise DomainError(
                _("The report must be the PDF exported from the national platform."), field="file"
            )
    last = report.versions.order_by("-version").first()
    version = ReportVersion(
        report=report,
        version=(last.version + 1) if last else 1,
        data=as_json(data),
        shutdown_only=shutdown_only,
        via=via,
        submitted_by=user_of(actor),
        submitted_at=clock.now(),
        original_name=file_name[:255] if content is not None else "",
    )
    if content is not None:
        version.sha256 = evidence.store(version.file, content, suffix=evidence.suffix_for(content, file_name))
    version.save()
    WORKFLOW.move(
        report,
        target,
        actor=actor,
        event=lambda *a, **k: _event(report, *a, **k),
        action="filings.report.",
        who=who,
        data={
            "version": version.version,
            "shutdown_only": shutdown_only,
            "via": via,
            "file": content is not None,
        },
    )
    if not notify_officers:
        return version
    facility = registry.facility_ref(report.facility_id)
    notify(
        accounts.bureau_officers(),
        _("%(facility)s submitted %(report)s (%(kind)s, version %(v)d).")
        % {
            "facility": facility.name,
            "report": report.number,
            "kind": report.get_kind_display(),
            "v": version.version,
        },
        reverse("filings:report_detail", args=[report.pk]),
    )
    return version


@transaction.atomic
def report_review(*, actor: Actor, report: ExecutionReport, accept: bool, note: str = "") -> ReportVersion:
    """The officer accepts the latest version, or returns it with the reasons; the enterprise is told."""
    report = _locked(report)
    target = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    WORKFLOW.check(report.status, target, who=Who.OFFICER, note=note)
    version = report.versions.order_by("-version").first()
    assert version is not None  # a submitted report has a version (report_submit wrote it)
    version.review = ReportVersion.Review.ACCEPTED if accept else ReportVersion.Review.RETURNED
    version.review_note = note.strip()
    version.reviewed_by = user_of(actor)
    version.reviewed_at = clock.now()
    version.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    WORKFLOW.move(
        report,
        target,
        actor=actor,
        event=lambda *a, **k: _event(report, *a, **k),
        action="filings.report.",
        who=Who.OFFICER,
        note=note.strip(),
        data={"version": version.version},
    )
    text = (
        _("Execution report %(report)s was accepted.")
        if accept
        else _("Execution report %(report)s was returned: %(note)s")
    ) % {"report": report.number, "note": note.strip()}
    notify(
        registry.facility_users(report.facility_id), text, reverse("filings:report_detail", args=[report.pk])
    )
    return version


def _overdue_problem(report: ExecutionReport, actor: Actor) -> int:
    return cases.problem_raise(
        actor=actor,
        facility_id=report.facility_id,
        kind="report_missing",
        description=_("%(kind)s %(period)s (%(report)s) was not submitted by %(due)s.")
        % {
            "kind": report.get_kind_display(),
            "period": f"{report.covers_start:%Y-%m-%d}—{report.covers_end:%Y-%m-%d}",
            "report": report.number,
            "due": f"{report.due_on:%Y-%m-%d}",
        },
        source="overdue_filing",
        source_ref=f"report:{report.pk}",
        evidence={"article": OVERDUE_ARTICLE, "rule": "filings.report_overdue", "report": report.number},
        required_action=_("Submit the execution report through the national platform and here."),
    )


@transaction.atomic
def reports_watch(*, today: dt.date | None = None) -> dict[str, int]:
    """Every night: the year's reports scheduled (and last year's, whose annual report falls due now), reminders
    ``REMIND_DAYS`` before the due date, and a report never submitted by its due date raised once as a problem on
    the facility's case (条例 Art. 37(3), 5,000–20,000 yuan per occurrence). A returned report is not overdue: it
    was submitted in time, and its correction is the officer's to follow."""
    today = today or clock.today()
    scheduled = reports_schedule(year=today.year - 1) + reports_schedule(year=today.year)
    reminded = overdue = 0
    soon = ExecutionReport.objects.filter(
        status__in=[ReportStatus.DUE, ReportStatus.RETURNED],
        reminded_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS),
    )
    for report in soon:
        notify(
            registry.facility_users(report.facility_id),
            _("%(kind)s %(report)s is due on %(due)s.")
            % {
                "kind": report.get_kind_display(),
                "report": report.number,
                "due": f"{report.due_on:%Y-%m-%d}",
            },
            reverse("filings:report_detail", args=[report.pk]),
        )
        report.reminded_on = today
        report.save(update_fields=["reminded_on"])
        _event(report, None, "reminded", data={"due": report.due_on.isoformat()})
        reminded += 1
    late = ExecutionReport.objects.filter(
        status=ReportStatus.DUE, due_on__lt=today, overdue_problem_id__isnull=True
    ).order_by("due_on", "pk")
    for report in late:
        report.overdue_problem_id = _overdue_problem(report, None)
        report.save(update_fields=["overdue_problem_id"])
        _event(report, None, "overdue", data={"problem": report.overdue_problem_id})
        audit_record(
            actor=None,
            action="filings.report.overdue",
            obj=report,
            after={"problem": report.overdue_problem_id, "due_on": report.due_on},
        )
        overdue += 1
    return {"scheduled": scheduled, "reminded": reminded, "overdue": overdue}


class BulkRejected(DomainError):
    """The bulk file has errors; nothing was stored. ``issues`` names each with its report, sheet, row and column."""

    def __init__(self, issues: tuple[BulkIssue, ...]) -> None:
        super().__init__(
            _("The file has %(n)d error(s); no report was stored.") % {"n": len(issues)}, code="bulk"
        )
        self.issues = issues


def _bulk_issue(number: str, where: tuple[str, int] | None, message: str) -> BulkIssue:
    sheet, row = where or ("", None)
    return BulkIssue(number, Issue(sheet, row, report_bulk.REPORT_NUMBER, message, column="A", value=number))


@transaction.atomic
def reports_bulk_submit(*, actor: Actor, content: bytes, file_name: str) -> list[ReportVersion]:
    """The officer's bulk entry (issue 13: "by an officer in bulk"): the key tables of many reports from one
    workbook (``report_bulk``), each row naming its report by number. All or nothing: every report named must
    exist, be visible to the officer and be submittable (due, or returned); each report's tables go through
    ``check_report`` as a single report's would; any error in any report stores nothing, and :class:`BulkRejected`
    lists every error with its report number, sheet, row and column.

    Decision: the versions are stored WITHOUT the national platform's PDF (``report_submit(file_required=False)``)
    — the officer enters the figures from the enterprise's report received on paper or collected from the national
    platform; each version has ``via="bulk"``, no file, and its event says ``file: false``. One audit event for the
    import names the file, its SHA-256 and the report numbers."""
    read = report_bulk.read_bulk(content)
    issues: list[BulkIssue] = list(read.issues)
    faulty = {i.report_number for i in read.issues}
    if not read.reports and not issues:
        issues.append(BulkIssue("", Issue("", None, "", "文件中没有任何报告的数据")))
    found = {
        r.number: r for r in selectors.reports_visible(scope_of(actor)).filter(number__in=list(read.reports))
    }
    checked: list[tuple[ExecutionReport, ReportData]] = []
    for number, data in read.reports.items():
        report = found.get(number)
        where = read.where.get(number)
        if report is None:
            issues.append(_bulk_issue(number, where, "没有这个编号的执行报告（或您无权查看）"))
            continue
        if ReportStatus.SUBMITTED not in WORKFLOW.targets(report.status, Who.OFFICER):
            issues.append(
                _bulk_issue(
                    number,
                    where,
                    f"该报告状态为“{report.get_status_display()}”，只有待提交或已退回的报告可以提交",
                )
            )
            continue
        if number in faulty:
            continue  # rows left out for a bad cell would make the report's own checks misleading
        for issue in check_report(
            data,
            period_start=report.covers_start,
            period_end=report.covers_end,
            outlets=registry.outlet_pollutants(report.facility_id),
        ):
            issues.append(report_bulk.placed(number, issue, read.commitment_rows.get(number)))
        checked.append((report, data))
    if issues:
        raise BulkRejected(tuple(issues))
    versions: list[ReportVersion] = []
    for report, data in checked:
        try:
            versions.append(
                report_submit(
                    actor=actor,
                    report=report,
                    data=data,
                    via="bulk",
                    who=Who.OFFICER,
                    file_required=False,
                    notify_officers=False,
                )
            )
        except ReportRejected as exc:  # checked above; kept for a report changed meanwhile
            issues += [
                report_bulk.placed(report.number, i, read.commitment_rows.get(report.number))
                for i in exc.issues
            ]
        except DomainError as exc:
            issues.append(_bulk_issue(report.number, read.where.get(report.number), str(exc.message)))
    if issues:
        raise BulkRejected(tuple(issues))  # rolls back the reports already submitted above
    audit_record(
        actor=actor,
        action="filings.report.bulk",
        object_type="filings.ExecutionReport",
        after={
            "file_name": file_name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "reports": [r.number for r, _data in checked],
        },
    )
    return versions
