from django.urls import path

from ecopermit.registry import views
from ecopermit.registry.import_urls import import_urlpatterns

app_name = "registry"
urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("export.xlsx", views.facility_export, name="facility_export"),
    path("map/", views.facility_map, name="facility_map"),
    path("map/data/", views.facility_map_data, name="facility_map_data"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility_edit"),
    path("facilities/<int:pk>/<slug:tab>/", views.facility_detail, name="facility_tab"),
    *import_urlpatterns,
]
