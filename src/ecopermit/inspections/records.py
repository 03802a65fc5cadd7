"""Writes of inspection records (E2): start an inspection (drawn, ad hoc or non-site), record the checklist,
findings that become problems on the facility's rectification case, evidence with its SHA-256, completion with
the publication deadline, publication, and the watch on overdue publications."""

from __future__ import annotations

import datetime as dt
import mimetypes
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.cases.facade import problem_raise
from ecopermit.cases.vocab import Kind
from ecopermit.core import clock, evidence, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.text import clause
from ecopermit.core.types import Actor
from ecopermit.inspections import rules
from ecopermit.inspections.models import (
    ChecklistAnswer,
    Evidence,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionItem,
    Inspector,
)
from ecopermit.inspections.states import WORKFLOW
from ecopermit.inspections.vocab import Answer, InspectionKind, InspectionStatus, NonSiteSource, Outcome
from ecopermit.registry.facade import facility_profile, facility_ref

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


def _user(actor: Actor) -> Any:
    return user_of(actor)


def _require_open(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.OPEN:
        raise DomainError(
            _("Inspection %(n)s is completed; its record can no longer change.") % {"n": inspection.number}
        )


@transaction.atomic
def inspection_create(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    inspector1: Inspector,
    inspector2: Inspector | None = None,
    non_site_source: str = "",
    checklist: str | None = None,
) -> Inspection:
    """An ad hoc or non-site inspection (drawn ones are created by the draw). A site visit needs two distinct
    inspectors; non-site supervision (monitoring alarm, electricity, video, drone) may be recorded by one.
    An inspector who must recuse from the facility is refused."""
    if kind not in (InspectionKind.AD_HOC, InspectionKind.NON_SITE):
        raise DomainError(_("Inspections from a draw are created by the draw."), field="kind")
    if kind == InspectionKind.NON_SITE and non_site_source not in NonSiteSource.values:
        raise DomainError(
            _("Say where the non-site evidence comes from (monitoring alarm, electricity, video, drone)."),
            field="non_site_source",
        )
    if kind == InspectionKind.AD_HOC and inspector2 is None:
        raise DomainError(_("A site inspection needs two inspectors."), field="inspector2")
    if inspector2 is not None and inspector2.pk == inspector1.pk:
        raise DomainError(_("The two inspectors must be different people."), field="inspector2")
    for inspector in filter(None, (inspector1, inspector2)):
        recusal = inspector.recusals.filter(facility_id=facility_id).first()
        if recusal is not None:
            raise DomainError(
                _("%(i)s must recuse from this facility: %(r)s") % {"i": inspector, "r": recusal.reason},
                field="inspector1",
            )
    checklist = checklist or rules.checklist_for_industry(facility_profile(facility_id)["industry_codes"])
    if checklist not in rules.checklists():
        raise DomainError(_("Unknown checklist %(c)s.") % {"c": checklist}, field="checklist")
    inspection = Inspection.objects.create(
        number=numbering.next_reference("inspection", clock.today().year),
        facility_id=facility_id,
        kind=kind,
        non_site_source=non_site_source if kind == InspectionKind.NON_SITE else "",
        checklist=checklist,
        inspector1=inspector1,
        inspector2=inspector2,
        created_by=_user(actor),
        is_demo=facility_ref(facility_id).is_demo,
    )
    audit_record(
        actor=actor,
        action="inspections.inspection_create",
        obj=inspection,
        after={
            "facility": facility_id,
            "kind": kind,
            "non_site_source": non_site_source,
            "inspectors": [i.pk for i in (inspector1, inspector2) if i],
        },
    )
    return inspection


def checklist_items(inspection: Inspection) -> list[InspectionItem]:
    keys = rules.checklist_keys_for(inspection.checklist)
    if not InspectionItem.objects.exists():
        from ecopermit.inspections.services import checklist_sync

        checklist_sync()
    items = list(InspectionItem.objects.filter(checklist__in=keys, active=True))
    return sorted(items, key=lambda i: (keys.index(i.checklist), i.position))


@transaction.atomic
def inspection_record(
    *,
    actor: Actor,
    inspection: Inspection,
    inspected_at: dt.datetime | None,
    place: str = "",
    lat: float | None = None,
    lon: float | None = None,
    representative: str = "",
    representative_title: str = "",
    summary: str = "",
    answers: dict[str, tuple[str, str]] | None = None,
) -> Inspection:
    """Saves the record: time, place, position, the enterprise's representative, and the checklist answers
    (item code -> (answer, note)). Each item answered "not compliant" becomes a finding, hence a problem on the
    facility's case, once."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require_open(inspection)
    if lat is not None and not -90 <= lat <= 90:
        raise DomainError(_("Latitude %(v)s is outside -90 to 90.") % {"v": lat}, field="lat")
    if lon is not None and not -180 <= lon <= 180:
        raise DomainError(_("Longitude %(v)s is outside -180 to 180.") % {"v": lon}, field="lon")
    if inspected_at is not None and inspected_at > clock.now() + dt.timedelta(minutes=5):
        raise DomainError(_("The time of inspection is in the future."), field="inspected_at")
    inspection.inspected_at, inspection.place, inspection.lat, inspection.lon = inspected_at, place, lat, lon
    inspection.representative, inspection.representative_title = representative, representative_title
    inspection.summary = summary
    inspection.save()
    items = {i.code: i for i in checklist_items(inspection)}
    for code, (answer, note) in (answers or {}).items():
        item = items.get(code)
        if item is None:
            raise DomainError(
                _("Item %(c)s is not on this inspection's checklist.") % {"c": code}, field="answers"
            )
        if answer not in Answer.values:
            raise DomainError(
                _("Item %(c)s: unknown answer %(a)s.") % {"c": code, "a": answer}, field="answers"
            )
        ChecklistAnswer.objects.update_or_create(
            inspection=inspection, item=item, defaults={"answer": answer, "note": note[:300]}
        )
        if answer == Answer.NO and not inspection.findings.filter(item=item).exists():
            finding_add(
                actor=actor,
                inspection=inspection,
                kind=item.finding_kind,
                item=item,
                description=f"{clause(item.text)}：不符合要求"
                + (f"（{clause(note)}）" if note.strip() else ""),
            )
    audit_record(
        actor=actor,
        action="inspections.inspection_record",
        obj=inspection,
        after={
            "inspected_at": inspected_at,
            "place": place,
            "lat": lat,
            "lon": lon,
            "answers": {k: v[0] for k, v in (answers or {}).items()},
        },
    )
    return inspection


@transaction.atomic
def finding_add(
    *,
    actor: Actor,
    inspection: Inspection,
    kind: str,
    description: str,
    required_action: str = "",
    item: InspectionItem | None = None,
) -> Finding:
    """A finding, raised at once as a problem (source "inspection") on the facility's rectification case."""
    inspection = Inspection.objects.select_for_update().select_related("facility__town").get(pk=inspection.pk)
    _require_open(inspection)
    if kind not in Kind.values:
        raise DomainError(_("Unknown problem kind %(k)s.") % {"k": kind}, field="kind")
    if not description.strip():
        raise DomainError(_("Describe the finding."), field="description")
    finding = Finding.objects.create(
        inspection=inspection,
        item=item,
        kind=kind,
        description=description.strip(),
        required_action=required_action.strip(),
    )
    facility = inspection.facility
    found_on = timezone.localdate(inspection.inspected_at) if inspection.inspected_at else clock.today()
    finding.problem_id = problem_raise(
        actor=actor,
        facility_id=facility.pk,
        kind=kind,
        description=finding.description,
        required_action=finding.required_action,
        source="inspection",
        source_ref=f"inspection:{inspection.pk}:finding:{finding.pk}",
        evidence={
            "inspection": inspection.pk,
            "item": item.code if item else "",
            "files": list(inspection.evidence.values_list("sha256", flat=True)),
        },
        town=facility.town,
        found_on=found_on,
    )
    finding.save(update_fields=["problem_id"])
    audit_record(
        actor=actor,
        action="inspections.finding_add",
        obj=finding,
        after={"inspection": inspection.pk, "kind": kind, "problem": finding.problem_id},
    )
    return finding


@transaction.atomic
def evidence_add(
    *, actor: Actor, inspection: Inspection, kind: str, name: str, content: bytes, note: str = ""
) -> Evidence:
    """A photo, document, video or data extract, stored with its SHA-256 (also while completed: evidence may
    arrive after the visit, e.g. a laboratory report)."""
    inspection = Inspection.objects.get(pk=inspection.pk)
    if inspection.status == InspectionStatus.PUBLISHED:
        raise DomainError(_("The result is published; evidence can no longer be added."))
    if not content:
        raise DomainError(_("The file %(n)s is empty.") % {"n": name}, field="file")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise DomainError(_("The file %(n)s is larger than 50 MB.") % {"n": name}, field="file")
    ev = Evidence(
        inspection=inspection,
        kind=kind,
        original_name=name[:255],
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=len(content),
        note=note[:300],
        uploaded_by=user_of(actor),
        uploaded_at=clock.now(),
    )
    ev.sha256 = digest = evidence.store(ev.file, content, suffix=evidence.suffix_for(content, name))
    ev.save()
    audit_record(
        actor=actor,
        action="inspections.evidence_add",
        obj=ev,
        after={"inspection": inspection.pk, "kind": kind, "sha256": digest, "size": len(content)},
    )
    return ev


@transaction.atomic
def inspection_complete(*, actor: Actor, inspection: Inspection) -> Inspection:
    """Closes the record; the result is then due for publication within 20 working days."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require_open(inspection)
    # Completing fixes the outcome and starts the 20 working days of publication (rules.py).
    now = clock.now()
    findings = inspection.findings.count()
    outcome = Outcome.PROBLEMS if findings else Outcome.COMPLIANT
    deadline = rules.publication_deadline(timezone.localdate(now))

    def on_complete(obj: Inspection, target: str) -> list[str]:
        obj.completed_at, obj.outcome, obj.publication_deadline = now, outcome, deadline
        return ["completed_at", "outcome", "publication_deadline"]

    WORKFLOW.move(
        inspection,
        InspectionStatus.COMPLETED,
        actor=actor,
        event=partial(InspectionEvent.record, inspection),
        action="inspections.",
        guards={"record_complete": _check_record_complete},
        on_enter=on_complete,
        data={
            "outcome": str(outcome),
            "publication_deadline": str(deadline) if deadline else None,
            "findings": findings,
        },
    )
    return inspection


def _check_record_complete(inspection: Inspection) -> None:
    if inspection.inspected_at is None:
        raise DomainError(_("Record the time of the inspection before completing it."), field="inspected_at")
    if inspection.kind != InspectionKind.NON_SITE and not inspection.answers.exists():
        raise DomainError(_("Answer the checklist before completing the inspection."), field="answers")


@transaction.atomic
def inspection_publish(*, actor: Actor, inspection: Inspection) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)

    def on_publish(obj: Inspection, target: str) -> list[str]:
        obj.published_on = clock.today()
        return ["published_on"]

    WORKFLOW.move(
        inspection,
        InspectionStatus.PUBLISHED,
        actor=actor,
        event=partial(InspectionEvent.record, inspection),
        action="inspections.",
        on_enter=on_publish,
        audit_after={"deadline": str(inspection.publication_deadline)},
    )
    return inspection


def publications_watch(*, today: dt.date | None = None) -> dict[str, int]:
    """Flags completed results not published by their deadline and tells the inspectors (once a day), and
    counts those whose deadline the calendar cannot give yet."""
    today = today or clock.today()
    pending = Inspection.objects.filter(status=InspectionStatus.COMPLETED).select_related(
        "facility", "inspector1__user", "inspector2__user"
    )
    overdue = notified = 0
    for inspection in pending.filter(publication_deadline__lt=today):
        overdue += 1
        if inspection.overdue_notified_on == today:
            continue
        with transaction.atomic():
            users = [i.user for i in (inspection.inspector1, inspection.inspector2) if i]
            notify(
                users,
                _("The result of inspection %(n)s (%(f)s) was due for publication on %(d)s.")
                % {
                    "n": inspection.number,
                    "f": inspection.facility.name,
                    "d": inspection.publication_deadline,
                },
                f"/inspections/{inspection.pk}/",
            )
            Inspection.objects.filter(pk=inspection.pk).update(overdue_notified_on=today)
            notified += 1
    unknown = pending.filter(publication_deadline__isnull=True).count()
    return {"overdue": overdue, "notified": notified, "no_calendar": unknown}
