"""Survey import screens: template download, upload → preview (dry run) → apply, and the list of batches.

How a long import shows its progress
====================================

The apply is one ``transaction.atomic`` (all or nothing), so its progress cannot be written to the
database for another request to poll: nobody outside the transaction would see it, and committing
progress rows would break the all-or-nothing rule. Running it in a thread started by the view was
ruled out, and a task worker would be one more moving part for a job that is an officer waiting at a
screen.

So the request that does the work reports on it: the upload (validation) and apply POSTs answer with
a ``StreamingHttpResponse``. The page shell (``registry/import_progress.html``) is sent first; while the
service generator works it sends small ``<style>`` chunks that move the progress bar and rewrite its
label (later rules win, so no JavaScript is needed); at the end it sends the outcome and a redirect to
the batch page. The brief's alternative — an htmx ``hx-post`` with ``hx-trigger="load"`` — was not
used: htmx swaps a response only once it is complete, so it can show a spinner but never progress.

Consequences, stated honestly:

* The transaction lives exactly as long as the response: if the browser goes away mid-import, the
  WSGI server closes the generator, ``GeneratorExit`` leaves the ``atomic`` block and everything rolls
  back. The batch stays "previewed" and can be applied again.
* Under WSGI (gunicorn, the dev server) the chunks reach the browser as they are produced. A reverse
  proxy must not buffer them: the response says ``X-Accel-Buffering: no`` for nginx. gunicorn's sync
  worker ``--timeout`` must exceed the longest import (or use ``gthread`` workers).
* Under ASGI, Django consumes a synchronous streaming iterator in full before sending it (with a
  warning), so the page appears at the end: correct, but without live progress.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import INVENTORY_WRITERS
from ecopermit.core.errors import DomainError
from ecopermit.registry.importer import selectors
from ecopermit.registry.importer.forms import SurveyUploadForm
from ecopermit.registry.importer.parse import ImportIssue, Progress
from ecopermit.registry.importer.services import survey_apply_steps, survey_preview_steps
from ecopermit.registry.importer.template import TEMPLATE_FILE_NAME, build_template
from ecopermit.registry.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STREAM_MARK = "<!--import-stream-->"

# Share of the bar each phase takes, per flow: validation reads every row; the apply re-validates first.
PREVIEW_PHASES = {"read": (0, 90), "plan": (90, 100), "apply": (100, 100)}
APPLY_PHASES = {"read": (0, 40), "plan": (40, 50), "apply": (50, 100)}


@allow(*INVENTORY_WRITERS)
def import_list(request):
    return render(request, "registry/import_list.html", {"batches": selectors.import_batch_list()})


@allow(*INVENTORY_WRITERS)
def import_template(request):
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=TEMPLATE_FILE_NAME
    )
    return response


@allow(*INVENTORY_WRITERS)
def import_upload(request):
    form = SurveyUploadForm(request.POST, request.FILES) if request.method == "POST" else SurveyUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        steps = survey_preview_steps(actor=request.user, file_name=upload.name, content=content)
        return _stream(
            request, title=_("Checking %(file)s") % {"file": upload.name}, steps=steps, phases=PREVIEW_PHASES
        )
    return render(request, "registry/import_upload.html", {"form": form})


@allow(*INVENTORY_WRITERS)
def import_preview(request, pk: int):
    batch = selectors.import_batch_get(pk)
    issues = [ImportIssue.from_dict(e) for e in batch.errors]
    return render(
        request, "registry/import_preview.html", {"batch": batch, "issues": issues, "s": batch.summary}
    )


@allow(*INVENTORY_WRITERS)
@require_POST
def import_apply(request, pk: int):
    batch = selectors.import_batch_get(pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(
            request,
            _("This import cannot be applied: it is %(status)s.") % {"status": batch.get_status_display()},
        )
        return redirect("registry:import_preview", pk=batch.pk)
    steps = survey_apply_steps(actor=request.user, batch_id=batch.pk)
    return _stream(
        request, title=_("Applying %(file)s") % {"file": batch.file_name}, steps=steps, phases=APPLY_PHASES
    )


# ---------------------------------------------------------------------------------------------------
# Streaming progress


def css_string(text: str) -> str:
    """``text`` as a CSS string literal body: quotes, backslashes and ``<`` escaped, so it cannot end the
    string or the ``<style>`` element."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return "".join(out)


def _label(p: Progress) -> str:
    if p.phase == "read":
        if p.total:
            return _("Checking the rows: %(done)d of %(total)d (sheet %(sheet)s)") % {
                "done": p.done,
                "total": p.total,
                "sheet": p.sheet,
            }
        return _("Checking the rows: %(done)d (sheet %(sheet)s)") % {"done": p.done, "sheet": p.sheet}
    if p.phase == "plan":
        return _("Comparing with the database…")
    return _("Writing changes: %(done)d of %(total)d") % {"done": p.done, "total": p.total}


def _progress_chunks(
    steps: Generator[Progress, None, ImportBatch], phases: dict[str, tuple[int, int]]
) -> Generator[str, None, ImportBatch]:
    last = (-1, "")
    while True:
        try:
            p = next(steps)
        except StopIteration as stop:
            return stop.value
        start, end = phases.get(p.phase, (0, 100))
        percent = start + (p.percent or 0) * (end - start) // 100
        label = _label(p)
        if (percent, label) != last:
            last = (percent, label)
            yield (
                f"<style>#import-bar{{width:{percent}%}}"
                f'#import-status::after{{content:"{css_string(label)}"}}</style>\n'
            )


def _stream(
    request: Any,
    *,
    title: str,
    steps: Generator[Progress, None, ImportBatch],
    phases: dict[str, tuple[int, int]],
) -> StreamingHttpResponse:
    page = render_to_string("registry/import_progress.html", {"title": title}, request=request)
    head, tail = page.split(STREAM_MARK, 1)

    def body() -> Iterator[str]:
        yield head
        error = ""
        batch = None
        try:
            batch = yield from _progress_chunks(steps, phases)
        except DomainError as exc:
            error = exc.message
        url = reverse("registry:import_preview", args=[batch.pk]) if batch is not None else ""
        yield render_to_string(
            "registry/import_progress_end.html", {"batch": batch, "error": error, "url": url}, request=request
        )
        yield tail

    response = StreamingHttpResponse(body(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # nginx: pass the chunks on as they come
    response["Cache-Control"] = "no-store"
    return response
