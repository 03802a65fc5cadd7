from __future__ import annotations

import uuid

from ecopermit.core.audit import context


class RequestContextMiddleware:
    """Makes the client address and a request id available to audit records made during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # REMOTE_ADDR only: a proxy's X-Forwarded-For is trusted in production through the proxy's config.
        token = context.set_current(
            context.RequestContext(ip=request.META.get("REMOTE_ADDR") or None, request_id=uuid.uuid4().hex)
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
