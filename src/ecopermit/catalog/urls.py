from django.urls import path

from ecopermit.catalog import views

app_name = "catalog"
urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    path("coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("zones/", views.zones, name="zones"),
]
