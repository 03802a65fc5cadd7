"""Telling people: in-platform notifications, e-mail through Django's mail settings, and an SMS interface
that a deployment fills with its own gateway (no vendor is tied in)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from ecopermit.core.models import Notification

log = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class NoSms:
    """The default: SMS is not configured; messages stay in the platform and in e-mail."""

    def send(self, phone: str, text: str) -> None:
        log.debug("SMS not configured; not sent to %s", phone)


def sms_sender() -> SmsSender:
    path = getattr(settings, "ECOPERMIT_SMS_SENDER", "ecopermit.core.notify.NoSms")
    return import_string(path)()


def notify(users: Iterable[Any], text: str, link: str = "") -> int:
    """Notifies each distinct active user; e-mail and SMS go out after the surrounding transaction commits."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    Notification.objects.bulk_create(
        [Notification(user=u, text=text[:500], link=link) for u in recipients.values()]
    )

    def deliver() -> None:
        emails = [u.email for u in recipients.values() if u.email]
        if emails:
            send_mail(
                subject=text[:60],
                message=f"{text}\n{link}",
                from_email=None,
                recipient_list=emails,
                fail_silently=True,
            )
        sender = sms_sender()
        for u in recipients.values():
            if u.phone:
                sender.send(u.phone, text)

    transaction.on_commit(deliver)
    return len(recipients)
