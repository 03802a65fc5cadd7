from django.urls import path

from ecopermit.filings import views
from ecopermit.filings.crosscheck_urls import crosscheck_urlpatterns
from ecopermit.filings.selfmon_urls import selfmon_urlpatterns

app_name = "filings"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("template.xlsx", views.template_download, name="template"),
    path("bulk/", views.report_bulk, name="report_bulk"),
    path("bulk/template.xlsx", views.bulk_template, name="bulk_template"),
    path("settings/", views.report_settings, name="report_settings"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/upload/", views.report_upload, name="report_upload"),
    path("reports/<int:pk>/enter/", views.report_enter, name="report_enter"),
    path("reports/<int:pk>/shutdown/", views.report_shutdown, name="report_shutdown"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
]
urlpatterns += crosscheck_urlpatterns + selfmon_urlpatterns
