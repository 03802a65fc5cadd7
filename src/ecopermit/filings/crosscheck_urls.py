"""The cross-check screens, mounted by ``filings.urls`` under /filings/ (app_name "filings"):
``urlpatterns += crosscheck_urlpatterns``."""

from django.urls import path

from ecopermit.filings import views_crosscheck as views

crosscheck_urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/decide/", views.finding_decide, name="finding_decide"),
    path("facility/<int:facility_pk>/emissions/", views.verified_emissions, name="verified_emissions"),
]
