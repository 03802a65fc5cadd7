from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ecopermit.accounts.access import allow_authenticated

urlpatterns = [
    path("", include("ecopermit.site.urls")),
    path("accounts/", include("ecopermit.accounts.urls")),
    path("accounts/", include("ecopermit.registry.access_urls")),  # a registry part of the account's page
    path("inventory/", include("ecopermit.registry.urls")),
    path("catalog/", include("ecopermit.catalog.urls")),
    path("cases/", include("ecopermit.cases.urls")),
    path("monitoring/", include("ecopermit.monitoring.urls")),
    path("inspections/", include("ecopermit.inspections.urls")),
    path("enforcement/", include("ecopermit.enforcement.urls")),
    path("filings/", include("ecopermit.filings.urls")),
    path("complaints/", include("ecopermit.complaints.urls")),
    path("assistance/", include("ecopermit.assistance.urls")),
    path("credit/", include("ecopermit.credit.urls")),
    path("disclosure/", include("ecopermit.disclosure.urls")),
    path("public/complaints/", include("ecopermit.complaints.public_urls")),
    path("public/faq/", include("ecopermit.assistance.public_urls")),
    path("public/", include("ecopermit.disclosure.public_urls")),
    path("public/", include("ecopermit.portal.urls")),
    path("api/", include("ecopermit.registry.api_urls")),
    path("api/schema/", allow_authenticated(SpectacularAPIView.as_view()), name="api-schema"),
]

handler403 = "ecopermit.site.views.forbidden"
handler404 = "ecopermit.site.views.not_found"
handler500 = "ecopermit.site.views.server_error"
