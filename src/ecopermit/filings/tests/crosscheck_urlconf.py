"""The site's URLs with the cross-check screens under /filings/ (as ``filings.urls`` mounts them), for the tests of
those screens while ``filings.urls`` does not include them yet. Once it does, this is the site's URLs unchanged."""

from django.urls import URLResolver, include, path

from ecopermit.config import urls as root
from ecopermit.filings.crosscheck_urls import crosscheck_urlpatterns

handler403, handler404, handler500 = root.handler403, root.handler404, root.handler500
_mounted = any(isinstance(p, URLResolver) and p.namespace == "filings" for p in root.urlpatterns)
urlpatterns = (
    list(root.urlpatterns)
    if _mounted
    else [*root.urlpatterns, path("filings/", include((crosscheck_urlpatterns, "filings")))]
)
