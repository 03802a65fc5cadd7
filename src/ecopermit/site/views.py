from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow, allow_authenticated
from ecopermit.accounts.facade import display_names
from ecopermit.accounts.roles import Role
from ecopermit.core import clock
from ecopermit.core.audit.selectors import audit_search
from ecopermit.core.audit.services import audit_record, audit_verify_chain
from ecopermit.core.models import Notification
from ecopermit.site.forms import AuditFilterForm


@allow_authenticated
def home(request):
    scope = request.scope
    if scope.reads_inventory:
        return redirect("registry:facility_list")
    if scope.has(Role.AUDIT_ADMIN):
        return redirect("site:audit_log")
    if scope.has(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return redirect("accounts:user_list")
    return render(request, "site/home.html")


@allow(Role.AUDIT_ADMIN)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    qs = audit_search(**form.search_arguments())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    names = display_names([e.actor_username for e in page if e.actor_username])
    for e in page:
        e.actor_name = names.get(e.actor_username, e.actor_username)
    return render(request, "site/audit_log.html", {"page": page, "form": form})


@allow(Role.AUDIT_ADMIN)
@require_POST
def audit_verify(request):
    report = audit_verify_chain()
    audit_record(
        actor=request.user, action="audit.verify", extra={"checked": report.checked, "ok": report.ok}
    )
    if report.ok:
        messages.success(request, _("Audit chain intact: %(n)d events verified.") % {"n": report.checked})
    else:
        first = report.problems[0]
        messages.error(
            request,
            _("Audit chain BROKEN at event #%(seq)d (%(n)d problems).")
            % {"seq": first.seq, "n": len(report.problems)},
        )
    return redirect("site:audit_log")


@allow_authenticated
def notifications(request):

    qs = Notification.objects.filter(user=request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    if request.method == "POST":
        qs.filter(read_at__isnull=True).update(read_at=clock.now())
        return redirect("site:notifications")
    return render(request, "site/notifications.html", {"page": page})


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The product's own 500 page. Rendered without the request's context processors: whatever broke the request
    (the database, a session) must not break its error page too."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))
