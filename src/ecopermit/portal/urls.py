"""The public site under /public/ (issue 14). Disclosure's own public pages live under /public/notices/,
/public/open-days/, /public/report-error/, /public/receipts/ and /public/disclosures/ (not here)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from ecopermit.accounts.access import allow_public
from ecopermit.portal import api, downloads, feeds, views

app_name = "portal"

api_patterns = [
    path("facilities/", allow_public(api.FacilityList.as_view()), name="api_facilities"),
    path("facilities/<int:pk>/", allow_public(api.FacilityDetail.as_view()), name="api_facility"),
    path("inspections/", allow_public(api.InspectionList.as_view()), name="api_inspections"),
    path("decisions/", allow_public(api.PenaltyList.as_view()), name="api_decisions"),
    path("notices/", allow_public(api.NoticeList.as_view()), name="api_notices"),
]

#: The schema of the public API alone (not the signed-in /api/): generated from these patterns only.
schema_view = allow_public(
    SpectacularAPIView.as_view(
        patterns=[path("public/api/", include(api_patterns))],
        permission_classes=[AllowAny],
        authentication_classes=[],
        custom_settings={
            "TITLE": "EcoPermit public API",
            "DESCRIPTION": "排污许可信息公开 — 公开数据只读接口（匿名、限流）",
        },
    )
)

urlpatterns = [
    path("", views.home, name="home"),
    path("facilities/", views.facility_list, name="facilities"),
    path("facilities/<int:pk>/", views.facility, name="facility"),
    path("map/", views.facility_map, name="map"),
    path("map/facilities.geojson", views.map_points, name="map_points"),
    path("map/basemap.geojson", views.basemap, name="basemap"),
    path("inspections/", views.inspections, name="inspections"),
    path("decisions/", views.decisions, name="decisions"),
    path("downloads/", downloads.downloads, name="downloads"),
    *[
        path(f"downloads/{name}.{fmt}", downloads.download(name, fmt), name=f"download_{name}_{fmt}")
        for name in downloads.DATASETS
        for fmt in ("csv", "xlsx")
    ],
    path("feeds/decisions.atom", feeds.decisions_feed, name="feed_decisions"),
    path("feeds/inspections.atom", feeds.inspections_feed, name="feed_inspections"),
    path("api/", include(api_patterns)),
    path("api/schema/", schema_view, name="api_schema"),
]
