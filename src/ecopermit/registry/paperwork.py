"""Permits and registrations over time (MISSION C5, P5): the status recomputed every day from the validity dates,
renewal reminders before expiry, change reminders after a change of name, address or legal representative.

The rules (periods, lead days, sources) are in ``registry.validity``; this module applies them to the database.
Run daily by the worker (``registry.tasks.daily_paperwork_watch``) or by ``ecopermit registry paperwork-watch``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor
from ecopermit.registry import validity
from ecopermit.registry.facade import facility_users
from ecopermit.registry.models import Facility, PaperworkReminder
from ecopermit.registry.paperwork_reads import papers_of
from ecopermit.registry.vocab import OperatingStatus, PermitStatus, ReminderKind


def _recipients(facility: Facility) -> list[Any]:
    """The enterprise's users and its officers: the town/street officers of its 属地 (a facility has no assigned
    bureau officer; the town is who pushes it, plan 四(三))."""
    return [*facility_users(facility.pk), *accounts.town_officers(facility.town_id)]


def _send_once(
    facility: Facility, kind: str, subject: str, due_on: dt.date, text: str, *, actor: Actor = None
) -> bool:
    """Records and sends one reminder; False (nothing sent) when this subject was reminded already."""
    try:
        with transaction.atomic():
            reminder = PaperworkReminder.objects.create(
                facility=facility,
                kind=kind,
                subject=subject[:200],
                due_on=due_on,
                text=text[:500],
                sent_at=clock.now(),
            )
            reminder.recipients = notify(_recipients(facility), text, f"/registry/facilities/{facility.pk}/")
            reminder.save(update_fields=["recipients"])
            audit_record(
                actor=actor,
                action="paperwork.reminder",
                obj=facility,
                after={"kind": kind, "subject": subject, "due_on": due_on.isoformat(), "text": text},
                extra={"recipients": reminder.recipients},
            )
    except IntegrityError:
        return False
    return True


def _renewal_text(facility: Facility, paper: validity.Paperwork) -> str:
    if paper.kind == "permit":
        return _(
            "%(f)s: discharge permit %(n)s expires after %(d)s. Apply for renewal at least 60 days before, by "
            "%(by)s (Regulations on Discharge Permits, Art. 14)."
        ) % {
            "f": facility.name,
            "n": paper.number,
            "d": paper.valid_until.isoformat(),
            "by": validity.renewal_apply_by(paper).isoformat(),
        }
    return _(
        "%(f)s: discharge registration %(n)s expires after %(d)s. Renew it within the 20 days before, from "
        "%(by)s (guide to discharge registration)."
    ) % {
        "f": facility.name,
        "n": paper.number,
        "d": paper.valid_until.isoformat(),
        "by": validity.renewal_apply_by(paper).isoformat(),
    }


def paperwork_watch(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily watch: recompute every facility's permit status from the validity dates (an expired permit stops
    counting as covered the day after its last valid day), then send the renewal reminders that are due, each
    once. Idempotent per day."""
    today = today or clock.today()
    counts = {"status_changed": 0, "reminders": 0}
    papers = papers_of()
    facilities = Facility.objects.exclude(status=OperatingStatus.CLOSED).select_related("town")
    for facility in facilities.order_by("pk").iterator(chunk_size=500):
        mine = papers.get(facility.pk, [])
        new = validity.status(mine, today)
        if new != facility.permit_status:
            with transaction.atomic():
                Facility.objects.filter(pk=facility.pk).update(permit_status=new)
                audit_record(
                    actor=None,
                    action="facility.permit_status",
                    obj=facility,
                    before={"permit_status": facility.permit_status},
                    after={"permit_status": new},
                    extra={"as_of": today.isoformat(), "reason": "validity"},
                )
            counts["status_changed"] += 1
        for kind, reminder in (
            ("permit", ReminderKind.PERMIT_RENEWAL),
            ("registration", ReminderKind.REGISTRATION_RENEWAL),
        ):
            paper = validity.latest(mine, kind)
            if paper is None or not validity.renewal_reminder_due(paper, today):
                continue
            subject = f"{paper.number}@{paper.valid_until.isoformat()}"
            if _send_once(
                facility, reminder, subject, validity.renewal_apply_by(paper), _renewal_text(facility, paper)
            ):
                counts["reminders"] += 1
    return counts


def change_noticed(
    *, actor: Actor, facility: Facility, before: dict[str, Any], after: dict[str, Any]
) -> bool:
    """A change of name, address or legal representative noticed on import or edit: the holder of a valid permit
    must apply for 变更 within 30 days (条例 Art. 14), the holder of a registration within 20 (Art. 24). Sends
    one reminder per change to the enterprise and its officers; False when nothing calls for one."""
    fields = validity.changed_fields(before, after)
    if not fields:
        return False
    today = clock.today()
    held = validity.status(papers_of([facility.pk]).get(facility.pk, []), today)
    if held == PermitStatus.PERMIT_VALID:
        kind, article = "permit", _("apply to the permit authority for a change (Art. 14: within 30 days)")
    elif held == PermitStatus.REGISTERED:
        kind, article = "registration", _("change the registration (Art. 24: within 20 days)")
    else:
        return False
    labels = {f.name: str(f.verbose_name) for f in Facility._meta.concrete_fields if f.name in fields}
    due = validity.change_due(kind, today)
    text = _("%(f)s: %(what)s changed on %(d)s; %(action)s, by %(due)s.") % {
        "f": facility.name,
        "what": "、".join(f"{labels[f]}（{after[f]}）" for f in fields),
        "d": today.isoformat(),
        "action": article,
        "due": due.isoformat(),
    }
    subject = ";".join(f"{f}={after[f]}" for f in fields)[:180] + f"@{today.isoformat()}"
    return _send_once(facility, ReminderKind.CHANGE, subject, due, text, actor=actor)
