"""Test-only URLs: the project's, plus the self-monitoring and ledger screens under /filings/ with the "filings"
namespace, until ``filings/urls.py`` (the lead's) includes ``selfmon_urlpatterns`` and config mounts it. Once the
project mounts a "filings" namespace, that one is used as it is."""

from django.urls import URLResolver, include, path

from ecopermit.config.urls import urlpatterns as project
from ecopermit.filings.selfmon_urls import selfmon_urlpatterns

mounted = any(isinstance(p, URLResolver) and p.namespace == "filings" for p in project)
urlpatterns = (
    list(project) if mounted else [*project, path("filings/", include((selfmon_urlpatterns, "filings")))]
)
