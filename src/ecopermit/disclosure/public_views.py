"""The public pages of disclosure, under ``/public/`` (anonymous; read-only but for two forms: an open-day
booking and a data-error report, each limited per address and guarded by a honeypot). No page shows a person's
name or phone number: bookings are counted, never listed; a booking's and a report's own page is reached only by
its number and check code."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _

from ecopermit.accounts.access import allow_public
from ecopermit.core import clock, evidence
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Town
from ecopermit.core.tables import page_of
from ecopermit.disclosure import facade, selectors, services
from ecopermit.disclosure.forms import BookingForm, ErrorReportForm, ReceiptLookupForm
from ecopermit.disclosure.sanitize import plain_text
from ecopermit.disclosure.vocab import DisclosureKind, NoticeKind, RecordKind
from ecopermit.registry import facade as registry

#: Posts of a public form accepted from one address in an hour (a person never needs more; a robot is slowed).
POSTS_PER_HOUR = 10


def _throttled(request, form: str) -> bool:
    """Counts this post from the request's address; True when the address is over its hour's allowance."""
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    key = f"disclosure:posts:{form}:{ip}:{clock.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > getattr(settings, "ECOPERMIT_PUBLIC_POSTS_PER_HOUR", POSTS_PER_HOUR)


def _too_many(request) -> HttpResponse:
    return render(request, "disclosure/public_too_many.html", status=429)


# ------------------------------------------------------------------------------------------------ notices


@allow_public
def notice_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoticeKind.values else ""
    town = request.GET.get("town", "")
    qs = selectors.notices_published(town_code=town or None, kind=kind)
    return render(
        request,
        "disclosure/public_notice_list.html",
        {
            "page": page_of(request, qs, 20),
            "kind": kind,
            "kinds": NoticeKind.choices,
            "town": town,
            "towns": Town.objects.order_by("code"),
        },
    )


@allow_public
def notice_detail(request, pk: int):
    notice = selectors.notice_public_get(pk)
    return render(
        request,
        "disclosure/public_notice_detail.html",
        {"notice": notice, "report_url": _report_url("notice", str(notice.pk))},
    )


@allow_public
def notice_feed(request):
    """An Atom feed of the published notices and news (``?town=<division code>``: that town's and the district's)."""
    town = request.GET.get("town", "").strip()
    feed = feedgenerator.Atom1Feed(
        title=_("Notices and policy news"),
        link=request.build_absolute_uri(reverse("disclosure_public:notice_list")),
        description=_("Notices and policy news of the ecology and environment bureau"),
        language="zh-cn",
        feed_url=request.build_absolute_uri(request.get_full_path()),
    )
    for n in selectors.notices_published(town_code=town or None)[:50]:
        link = request.build_absolute_uri(reverse("disclosure_public:notice_detail", args=[n.pk]))
        feed.add_item(
            title=n.title,
            link=link,
            description=plain_text(n.body, 300),
            unique_id=link,
            pubdate=n.published_at,
            updateddate=n.updated_at if n.updated_at and n.updated_at > n.published_at else n.published_at,
            categories=[str(NoticeKind(n.kind).label)],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


# ---------------------------------------------------------------------------------------- self-disclosure


def _report_url(kind: str, ref: str, facility_id: int | None = None) -> str:
    return facade.error_report_url(record_kind=kind, record_ref=ref, facility_id=facility_id)


@allow_public
def facility_disclosures(request, pk: int):
    """A facility's current self-disclosed items, one per kind."""
    current = selectors.current_versions([pk])
    facility = current[0].item.facility if current else None
    if facility is None:
        raise Http404
    return render(
        request,
        "disclosure/public_facility.html",
        {"facility": facility, "versions": current, "kinds": dict(DisclosureKind.choices)},
    )


@allow_public
def item_history(request, pk: int):
    item = selectors.item_public_get(pk)
    return render(
        request,
        "disclosure/public_item_history.html",
        {
            "item": item,
            "versions": selectors.versions_of(item),
            "report_url": _report_url(
                "disclosure", f"{item.facility.credit_code}/{item.kind}", item.facility_id
            ),
        },
    )


@allow_public
def version_file(request, pk: int):
    version = selectors.version_public_file(pk)
    return evidence.download(
        request,
        version,
        field_file=version.file,
        sha256=version.sha256,
        filename=version.original_name,
        content_type=version.content_type or "application/octet-stream",
    )


# ---------------------------------------------------------------------------------------------- open days


@allow_public
def openday_list(request):
    now = clock.now()
    qs = selectors.open_days_public(upcoming_from=now)
    return render(
        request, "disclosure/public_openday_list.html", {"page": page_of(request, qs, 20), "now": now}
    )


@allow_public
def openday_detail(request, pk: int):
    day = selectors.open_day_public_get(pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "booking"):
            return _too_many(request)
        if form.is_spam():
            form.add_error(None, _("The booking could not be taken."))
        elif form.is_valid():
            d = form.cleaned_data
            try:
                booking = services.booking_make(
                    open_day_id=day.pk, name=d["name"], phone=d["phone"], party_size=d["party_size"]
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Booked. Keep your booking number."))
                return redirect(
                    "disclosure_public:booking_detail", pk=f"{booking.number}-{booking.check_code}"
                )
    now = clock.now()
    return render(
        request,
        "disclosure/public_openday_detail.html",
        {
            "day": day,
            "form": form,
            "open": selectors.is_open(day, now),
            "left": max(day.capacity - day.booked, 0),
        },
    )


@allow_public
def booking_detail(request, pk: str):
    booking = selectors.booking_by_key(pk)
    return render(
        request,
        "disclosure/public_booking.html",
        {"booking": booking, "key": f"{booking.number}-{booking.check_code}"},
    )


# ------------------------------------------------------------------------------------------ error reports


@allow_public
def report_form(request):
    initial = {}
    kind = request.GET.get("record_kind", "")
    if kind in RecordKind.values:
        initial["record_kind"] = kind
    if request.GET.get("record_ref"):
        initial["record_ref"] = request.GET["record_ref"][:100]
    if request.GET.get("facility", "").isdigit():
        initial["facility"] = int(request.GET["facility"])
    form = ErrorReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _throttled(request, "report"):
            return _too_many(request)
        if form.is_spam():
            form.add_error(None, _("The report could not be taken."))
        elif form.is_valid():
            d = form.cleaned_data
            try:
                report = services.error_report_submit(
                    record_kind=d["record_kind"],
                    record_ref=d["record_ref"],
                    facility_id=d["facility"],
                    what_is_wrong=d["what_is_wrong"],
                    contact=d["contact"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Report received. Keep the receipt number to follow it."))
                return redirect("disclosure_public:receipt", pk=report.receipt)
    facility_id = initial.get("facility")
    about = registry.facility_refs([facility_id]).get(facility_id) if facility_id else None
    return render(request, "disclosure/public_report_form.html", {"form": form, "about": about})


@allow_public
def receipt_lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_valid():
        key = form.cleaned_data["receipt"].strip().upper()
        try:
            selectors.report_by_receipt(key)
        except Http404:
            form.add_error("receipt", _("No report has this receipt number."))
        else:
            return redirect("disclosure_public:receipt", pk=key)
    return render(request, "disclosure/public_receipt_lookup.html", {"form": form})


@allow_public
def receipt(request, pk: str):
    report = selectors.report_by_receipt(pk)
    return render(request, "disclosure/public_receipt.html", {"report": report})
