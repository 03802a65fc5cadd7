"""二库 on screen: the bureau's officers put inspectors in the pool, mark them available or not, and record
recusals (E1). Each write goes through the services and leaves an audit event."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.core.errors import DomainError
from ecopermit.inspections import services
from ecopermit.inspections.forms import InspectorForm, RecusalForm
from ecopermit.inspections.models import Inspector, Recusal
from ecopermit.registry import facade as registry

OFFICER = (Role.BUREAU_OFFICER,)


def _errors(form) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}" for k, v in form.errors.items()
    )


@allow(*OFFICER)
@require_POST
def inspector_save(request):
    form = InspectorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("inspections:pool")
    try:
        inspector = services.inspector_register(
            actor=request.user,
            user=form.cleaned_data["user"],
            certificate_number=form.cleaned_data["certificate_number"],
            available=form.cleaned_data["available"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Inspector %(i)s saved.") % {"i": inspector})
    return redirect("inspections:pool")


@allow(*OFFICER)
@require_POST
def inspector_availability(request, pk: int):
    inspector = get_object_or_404(Inspector.objects.select_related("user"), pk=pk)
    services.inspector_register(
        actor=request.user,
        user=inspector.user,
        certificate_number=inspector.certificate_number,
        available=not inspector.available,
    )
    return redirect("inspections:pool")


@allow(*OFFICER)
@require_POST
def recusal_add(request):
    form = RecusalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("inspections:pool")
    try:
        services.recusal_add(
            actor=request.user,
            inspector=form.cleaned_data["inspector"],
            facility_id=registry.facility_id_by_credit_code(form.cleaned_data["credit_code"]),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Recusal recorded: the draw never gives this facility to this inspector.")
        )
    return redirect("inspections:pool")


@allow(*OFFICER)
@require_POST
def recusal_remove(request, pk: int):
    services.recusal_remove(actor=request.user, recusal=get_object_or_404(Recusal, pk=pk))
    messages.success(request, _("Recusal removed."))
    return redirect("inspections:pool")
