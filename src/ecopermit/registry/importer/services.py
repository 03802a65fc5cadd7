"""Writes of the survey import: the dry-run preview and the all-or-nothing apply.

Both are generators underneath (``*_steps``) that yield :class:`~.parse.Progress` and return the
:class:`ImportBatch`; ``survey_preview`` and ``survey_apply`` drive them with an optional callback. The
streaming views iterate the generators directly, so a long import reports its progress from inside
the one request and the one transaction that do the work (see ``registry/import_views.py``).

Apply re-reads the stored file and re-validates it against the database as it is *now*, inside the
transaction, then saves only the records whose values differ: a re-imported file changes nothing and
leaves no history rows. Every saved record gets a django-simple-history row with the actor as
``history_user`` and the file name and sha256 prefix as ``history_change_reason``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor
from ecopermit.registry.hooks import inventory_changed
from ecopermit.registry.importer.parse import (
    ImportIssue,
    ParseResult,
    Places,
    Progress,
    Record,
    parse_workbook,
    pollutant_codes,
)
from ecopermit.registry.importer.schema import (
    FACILITY,
    FALSE_WORD,
    LIMIT_SHEET,
    OUTLET_SHEET,
    SHEETS,
    TRUE_WORD,
    Kind,
    Sheet,
)
from ecopermit.registry.models import (
    Acceptance,
    Boiler,
    CommitmentApproval,
    EiaApproval,
    Facility,
    FacilityIndustry,
    FacilityProcess,
    FacilityQuantity,
    Furnace,
    ImportBatch,
    Outlet,
    OutletLimit,
    OutletMeasurement,
    Permit,
    Registration,
    SurveyProblem,
    WaterTreatment,
)
from ecopermit.registry.paperwork import change_noticed
from ecopermit.registry.services import facility_refresh_permit_status

MAX_STORED_ISSUES = 1000  # a batch keeps the first issues; the summary counts them all
MAX_LISTED_CHANGES = 500  # the preview lists this many individual changes
APPLY_PROGRESS_EVERY = 100

MODELS: dict[str, type[Any]] = {
    "facility": Facility,
    "boiler": Boiler,
    "furnace": Furnace,
    "process": FacilityProcess,
    "quantity": FacilityQuantity,
    "water_treatment": WaterTreatment,
    "outlet": Outlet,
    "limit": OutletLimit,
    "measurement": OutletMeasurement,
    "eia": EiaApproval,
    "acceptance": Acceptance,
    "permit": Permit,
    "registration": Registration,
    "commitment": CommitmentApproval,
    "problem": SurveyProblem,
}
# Record fields that are not plain attributes of the model.
_ATTR = {"town": "town_id", "park": "park_id"}
_NOT_ATTRS = frozenset({"facility", "outlet_code", "industries"})

ProgressCallback = Callable[[Progress], None]


# ---------------------------------------------------------------------------------------------------
# The plan: what applying the file would do to the database as it is


@dataclass
class Step:
    record: Record
    action: str  # "create", "update" or "unchanged"
    obj: Any  # the existing instance, or None
    attrs: dict[str, Any]  # model attribute -> value from the file
    changes: dict[str, tuple[Any, Any]]  # model attribute -> (old, new), only what differs
    industries: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (old, new) when they differ


@dataclass
class Plan:
    steps: dict[str, list[Step]] = field(default_factory=dict)
    facilities: dict[str, Facility] = field(default_factory=dict)  # credit code -> facility in the database
    outlets: dict[tuple[str, str], Outlet] = field(
        default_factory=dict
    )  # (credit code, outlet code) -> outlet
    industries: dict[int, list[FacilityIndustry]] = field(default_factory=dict)  # facility pk -> rows

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for sheet in SHEETS:
            c = {"create": 0, "update": 0, "unchanged": 0}
            for step in self.steps.get(sheet.key, []):
                c[step.action] += 1
            out[sheet.key] = c
        return out

    @property
    def writes(self) -> int:
        return sum(1 for steps in self.steps.values() for s in steps if s.action != "unchanged")


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, Decimal):
        return Decimal(old) == new
    if isinstance(new, float):
        return float(old) == new
    return bool(old == new)


def _attrs(record: Record) -> dict[str, Any]:
    # An outlet code is the parent's key on the sheets that hang on outlets, a plain field elsewhere (问题).
    skip = _NOT_ATTRS if record.sheet.parent == "outlet" else _NOT_ATTRS - {"outlet_code"}
    attrs = {_ATTR.get(f, f): v for f, v in record.values.items() if f not in skip}
    if record.sheet is FACILITY and "industries" in record.values:
        attrs["primary_industry"] = record.values["industries"][0]
    return attrs


def _chunks(items: Iterable[Any], size: int = 500) -> Iterable[list[Any]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(sheet: Sheet, records: list[Record], plan: Plan) -> dict[tuple[Any, ...], Any]:
    """The database rows the records may match, keyed like ``Record.key()``."""
    model = MODELS[sheet.key]
    found: dict[tuple[Any, ...], Any] = {}
    if sheet is FACILITY:
        codes = {r.values["credit_code"] for r in records if "credit_code" in r.values}
        for chunk in _chunks(sorted(codes)):
            for obj in Facility.objects.filter(credit_code__in=chunk):
                found[(obj.credit_code,)] = obj
        return found
    if sheet.natural_key == ("number",):
        numbers = {r.values["number"] for r in records if "number" in r.values}
        for chunk in _chunks(sorted(numbers)):
            for obj in model.objects.filter(number__in=chunk).select_related("facility"):
                found[(obj.number,)] = obj
        return found
    codes = {r.values["facility"] for r in records if "facility" in r.values}
    rest = sheet.natural_key[1:]
    for chunk in _chunks(sorted(codes)):
        if sheet.parent == "outlet":
            qs = model.objects.filter(outlet__facility__credit_code__in=chunk).select_related(
                "outlet__facility"
            )
            for obj in qs:
                key = (obj.outlet.facility.credit_code, obj.outlet.code, *(getattr(obj, f) for f in rest[1:]))
                found[key] = obj
        else:
            for obj in model.objects.filter(facility__credit_code__in=chunk).select_related("facility"):
                found[(obj.facility.credit_code, *(getattr(obj, f) for f in rest))] = obj
    return found


def build_plan(parsed: ParseResult) -> Generator[Progress, None, Plan]:
    """Compares every record with the database; reads only."""
    plan = Plan()
    codes: set[str] = set()
    for sheet in SHEETS:
        for r in parsed.records[sheet.key]:
            codes.add(r.values.get("credit_code") or r.values.get("facility") or "")
    codes.discard("")
    for chunk in _chunks(sorted(codes)):
        for facility in Facility.objects.filter(credit_code__in=chunk):
            plan.facilities[facility.credit_code] = facility
    for chunk in _chunks([f.pk for f in plan.facilities.values()]):
        for row in FacilityIndustry.objects.filter(facility_id__in=chunk).order_by("-is_primary", "code"):
            plan.industries.setdefault(row.facility_id, []).append(row)
        for outlet in Outlet.objects.filter(facility_id__in=chunk).select_related("facility"):
            plan.outlets[(outlet.facility.credit_code, outlet.code)] = outlet

    total = sum(len(parsed.records[s.key]) for s in SHEETS)
    done = 0
    for sheet in SHEETS:
        records = parsed.records[sheet.key]
        existing = _existing(sheet, records, plan)
        steps: list[Step] = []
        for record in records:
            obj = existing.get(record.key() or ())
            attrs = _attrs(record)
            if obj is None:
                steps.append(Step(record, "create", None, attrs, {a: (None, v) for a, v in attrs.items()}))
            else:
                changes = {a: (getattr(obj, a), v) for a, v in attrs.items() if not _same(getattr(obj, a), v)}
                industries = None
                if sheet is FACILITY and "industries" in record.values:
                    old = tuple(row.code for row in plan.industries.get(obj.pk, []))
                    new = record.values["industries"]
                    if set(old) != set(new) or (old[:1] != new[:1]):
                        industries = (old, new)
                action = "update" if changes or industries else "unchanged"
                steps.append(Step(record, action, obj, attrs, changes, industries))
            done += 1
            if done % 1000 == 0:
                yield Progress("plan", done, total, sheet.name)
        plan.steps[sheet.key] = steps
    return plan


# ---------------------------------------------------------------------------------------------------
# Summaries (stored with the batch, shown by the preview page and the command)


def _display(sheet: Sheet, attr: str, value: Any, places: Places | None) -> str:
    if value is None or value == "":
        return ""
    field_name = {v: k for k, v in _ATTR.items()}.get(attr, attr)
    column = sheet.by_field.get(field_name)
    if column is not None and places is not None and column.kind == Kind.TOWN:
        town = places.town_by_pk.get(value)
        return town.name if town else str(value)
    if column is not None and places is not None and column.kind == Kind.PARK:
        return next((p.name for p in places.parks.values() if p.pk == value), str(value))
    if column is not None and column.choices:
        return next((label for label, stored in column.choices.items() if stored == value), str(value))
    if isinstance(value, bool):
        return TRUE_WORD if value else FALSE_WORD
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, tuple):
        return "、".join(value)
    return str(value)


def _header(sheet: Sheet, attr: str) -> str:
    if attr == "primary_industry":
        return "主行业"
    field_name = {v: k for k, v in _ATTR.items()}.get(attr, attr)
    column = sheet.by_field.get(field_name)
    return column.header if column else attr


def _key_label(record: Record) -> str:
    parts = [_display(record.sheet, f, record.values.get(f), None) for f in record.sheet.natural_key]
    if record.sheet is FACILITY and record.values.get("name"):
        parts.append(record.values["name"])
    return " / ".join(p for p in parts if p)


def _summary(
    file_name: str, sha256: str, parsed: ParseResult, plan: Plan | None, places: Places | None
) -> dict[str, Any]:
    counts = plan.counts() if plan else {}
    sheets: list[dict[str, Any]] = []
    for sheet in SHEETS:
        c = counts.get(sheet.key, {"create": 0, "update": 0, "unchanged": 0})
        sheets.append({"key": sheet.key, "name": sheet.name, "rows": parsed.rows.get(sheet.key, 0), **c})
    totals = {k: sum(s[k] for s in sheets) for k in ("rows", "create", "update", "unchanged")}
    changes: list[dict[str, Any]] = []
    if plan is not None:
        for sheet in SHEETS:
            for step in plan.steps.get(sheet.key, []):
                if step.action == "unchanged" or len(changes) >= MAX_LISTED_CHANGES:
                    continue
                fields = []
                if step.action == "update":
                    fields = [
                        [_header(sheet, a), _display(sheet, a, old, places), _display(sheet, a, new, places)]
                        for a, (old, new) in step.changes.items()
                    ]
                    if step.industries:
                        fields.append(
                            ["行业代码", "、".join(step.industries[0]), "、".join(step.industries[1])]
                        )
                changes.append(
                    {
                        "sheet": sheet.name,
                        "row": step.record.row,
                        "action": step.action,
                        "key": _key_label(step.record),
                        "fields": fields,
                    }
                )
    return {
        "file_name": file_name,
        "sha256": sha256,
        "sheets": sheets,
        "totals": totals,
        "changes": changes,
        "changes_truncated": plan is not None and totals["create"] + totals["update"] > len(changes),
        "ignored_sheets": list(parsed.ignored_sheets),
        "error_count": len(parsed.issues),
        "errors_truncated": len(parsed.issues) > MAX_STORED_ISSUES,
    }


def _issues_json(issues: list[ImportIssue]) -> list[dict[str, Any]]:
    return [i.as_dict() for i in issues[:MAX_STORED_ISSUES]]


# ---------------------------------------------------------------------------------------------------
# Check and preview


@dataclass
class Check:
    """The outcome of reading a file against the database, without writing anything."""

    file_name: str
    sha256: str
    parsed: ParseResult
    plan: Plan | None
    summary: dict[str, Any]

    @property
    def issues(self) -> list[ImportIssue]:
        return self.parsed.issues

    @property
    def ok(self) -> bool:
        return self.parsed.ok


def survey_check_steps(*, file_name: str, content: bytes) -> Generator[Progress, None, Check]:
    sha256 = hashlib.sha256(content).hexdigest()
    parsed = yield from parse_workbook(content, max_bytes=settings.IMPORT_MAX_BYTES)
    plan = None
    places = None
    if parsed.ok:
        plan = yield from build_plan(parsed)
        places = Places.load()
    return Check(file_name, sha256, parsed, plan, _summary(file_name, sha256, parsed, plan, places))


def survey_check(*, file_name: str, content: bytes, progress: ProgressCallback | None = None) -> Check:
    """Reads and validates a file and plans its changes, storing nothing (the command's dry run)."""
    return drive(survey_check_steps(file_name=file_name, content=content), progress)


def survey_preview_steps(
    *, actor: Actor, file_name: str, content: bytes
) -> Generator[Progress, None, ImportBatch]:
    file_name = (file_name or "").strip()[:255] or "upload.xlsx"
    check = yield from survey_check_steps(file_name=file_name, content=content)
    uploader = user_of(actor)
    assert uploader is not None  # a person uploads (uploaded_by is NOT NULL; the command checks without one)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name,
            sha256=check.sha256,
            uploaded_by=uploader,
            status=ImportBatch.Status.PREVIEWED if check.ok else ImportBatch.Status.REJECTED,
            summary=check.summary,
            errors=_issues_json(check.issues),
            # Only a file that may be applied is kept; a rejected one is described by its errors.
            content=content if check.ok else None,
        )
        audit_record(
            actor=actor,
            action="survey.preview",
            obj=batch,
            extra={
                "file_name": file_name,
                "sha256": check.sha256,
                "status": batch.status,
                "error_count": len(check.issues),
                "totals": check.summary["totals"],
            },
        )
    return batch


def survey_preview(
    *, actor: Actor, file_name: str, content: bytes, progress: ProgressCallback | None = None
) -> ImportBatch:
    """Dry run: validates the file, counts what it would create/update/leave, stores the batch.

    The batch is ``previewed`` (may be applied) or ``rejected`` (its errors say sheet, row, column,
    value and reason). Nothing else is written.
    """
    return drive(survey_preview_steps(actor=actor, file_name=file_name, content=content), progress)


# ---------------------------------------------------------------------------------------------------
# Apply


def change_reason(batch: ImportBatch) -> str:
    """What every history row of the batch says: which file, which content, which batch."""
    return f"{batch.file_name} (sha256 {batch.sha256[:12]}, import #{batch.pk})"


@dataclass
class _FacilityLog:
    facility: Facility
    created: bool = False
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    children: dict[str, dict[str, int]] = field(default_factory=dict)


def _save(obj: Any, actor: Actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason
    obj.save()


def _execute(
    plan: Plan, *, actor: Actor, reason: str, places: Places
) -> Generator[Progress, None, dict[str, _FacilityLog]]:
    logs: dict[str, _FacilityLog] = {}
    facilities = dict(plan.facilities)
    outlets = dict(plan.outlets)
    total = max(plan.writes, 1)
    done = 0

    def log_for(code: str) -> _FacilityLog:
        if code not in logs:
            logs[code] = _FacilityLog(facilities[code])
        return logs[code]

    for sheet in SHEETS:
        model = MODELS[sheet.key]
        for step in plan.steps[sheet.key]:
            if step.action == "unchanged":
                continue
            record = step.record
            if step.action == "create":
                attrs = dict(step.attrs)
                if sheet is not FACILITY:
                    code = record.values["facility"]
                    if sheet.parent == "outlet":
                        attrs["outlet"] = outlets[(code, record.values["outlet_code"])]
                    else:
                        attrs["facility"] = facilities[code]
                    if sheet is LIMIT_SHEET:
                        attrs.setdefault("pollutant_name", pollutant_codes().get(attrs["pollutant_code"], ""))
                obj = model(**attrs)
                _save(obj, actor, reason)
            else:
                obj = step.obj
                for attr, (_old, new) in step.changes.items():
                    setattr(obj, attr, new)
                if step.changes:
                    _save(obj, actor, reason)

            if sheet is FACILITY:
                code = obj.credit_code
                facilities[code] = obj
                log = log_for(code)
                log.facility = obj
                log.created = step.action == "create"
                for attr, (old, new) in step.changes.items():
                    if not log.created:
                        log.before[attr] = _display(sheet, attr, old, places)
                    log.after[attr] = _display(sheet, attr, new, places)
                if "industries" in record.values and (step.action == "create" or step.industries):
                    old_codes = _set_industries(obj, record.values["industries"], plan, actor, reason)
                    if not log.created:
                        log.before["industries"] = "、".join(old_codes)
                    log.after["industries"] = "、".join(record.values["industries"])
            else:
                code = record.values["facility"]
                counts = log_for(code).children.setdefault(sheet.name, {"create": 0, "update": 0})
                counts[step.action] += 1
                if sheet is OUTLET_SHEET:
                    outlets[(code, obj.code)] = obj
            done += 1
            if done % APPLY_PROGRESS_EVERY == 0:
                yield Progress("apply", done, total, sheet.name)
    return logs


def _set_industries(
    facility: Facility, codes: tuple[str, ...], plan: Plan, actor: Actor, reason: str
) -> list[str]:
    """Makes the facility's industries exactly ``codes`` (first = main); returns the codes it had."""
    rows = {row.code: row for row in plan.industries.get(facility.pk, [])}
    old = [row.code for row in sorted(rows.values(), key=lambda r: (not r.is_primary, r.code))]
    for code, row in rows.items():
        if code not in codes:
            row._history_user = actor
            row._change_reason = reason
            row.delete()
    for index, code in enumerate(codes):
        primary = index == 0
        kept = rows.get(code)
        if kept is None:
            _save(FacilityIndustry(facility=facility, code=code, is_primary=primary), actor, reason)
        elif kept.is_primary != primary:
            kept.is_primary = primary
            _save(kept, actor, reason)
    return old


def survey_apply_steps(*, actor: Actor, batch_id: int) -> Generator[Progress, None, ImportBatch]:
    """All or nothing, in one transaction; see :func:`survey_apply`."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise DomainError(_("No such import."), code="not_found")
        if batch.status != ImportBatch.Status.PREVIEWED or batch.content is None:
            raise DomainError(
                _("Only a previewed import without errors can be applied; this one is %(status)s.")
                % {"status": batch.get_status_display()}
            )
        content = bytes(batch.content)
        parsed = yield from parse_workbook(content, max_bytes=settings.IMPORT_MAX_BYTES)
        if not parsed.ok:
            # The database changed since the preview (a facility or outlet removed, a number taken…).
            batch.status = ImportBatch.Status.REJECTED
            batch.errors = _issues_json(parsed.issues)
            batch.summary = {
                **_summary(batch.file_name, batch.sha256, parsed, None, None),
                "rejected_at_apply": clock.now().isoformat(),
            }
            batch.save(update_fields=["status", "errors", "summary"])
            audit_record(
                actor=actor,
                action="survey.apply",
                obj=batch,
                outcome="failure",
                extra={"error_count": len(parsed.issues)},
            )
            return batch
        plan = yield from build_plan(parsed)
        places = Places.load()
        reason = change_reason(batch)
        logs = yield from _execute(plan, actor=actor, reason=reason, places=places)
        for code, log in logs.items():
            facility_refresh_permit_status(log.facility)
            if not log.created:
                change_noticed(actor=actor, facility=log.facility, before=log.before, after=log.after)
            extra = {
                "batch": batch.pk,
                "file_name": batch.file_name,
                "sha256": batch.sha256,
                "credit_code": code,
            }
            if log.children:
                extra["children"] = log.children
            audit_record(
                actor=actor,
                action="facility.create" if log.created else "facility.update",
                obj=log.facility,
                before=log.before or None,
                after=log.after or None,
                extra=extra,
            )
        # The catalog classifies what the import touched and the problems are derived, inside the same
        # transaction (C1: "again whenever a facility changes"), through the hook (the registry imports neither).
        inventory_changed(actor=actor, facility_ids=[log.facility.pk for log in logs.values()])
        summary = _summary(batch.file_name, batch.sha256, parsed, plan, places)
        summary["applied_at"] = clock.now().isoformat()
        summary["applied_by"] = actor.get_username() if actor is not None else ""
        summary["facilities_touched"] = len(logs)
        batch.status = ImportBatch.Status.APPLIED
        batch.summary = summary
        batch.errors = []
        batch.save(update_fields=["status", "summary", "errors"])
        audit_record(
            actor=actor,
            action="survey.apply",
            obj=batch,
            extra={k: v for k, v in summary.items() if k != "changes"},
        )
        yield Progress("apply", plan.writes, max(plan.writes, 1))
    return batch


def survey_apply(*, actor: Actor, batch_id: int, progress: ProgressCallback | None = None) -> ImportBatch:
    """Applies a previewed batch: all of it in one transaction, or nothing.

    Re-validates the stored file against the current database; if it no longer passes, the batch
    becomes ``rejected`` with the new errors and nothing else changes. Raises :class:`DomainError`
    for a batch that is not ``previewed``.
    """
    return drive(survey_apply_steps(actor=actor, batch_id=batch_id), progress)


def drive[T](steps: Generator[Progress, None, T], progress: ProgressCallback | None) -> T:
    """Runs a ``*_steps`` generator to its end, passing each progress report to ``progress``."""
    while True:
        try:
            report = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(report)
