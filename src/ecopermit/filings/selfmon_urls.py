"""The self-monitoring and ledger URLs (issue 13 M3, M5), for ``filings/urls.py`` (app_name "filings", mounted at
/filings/) to include: ``urlpatterns = [..., *selfmon_urlpatterns]``. There is no URL that edits or deletes a
ledger entry or a monitoring result: both are kept (条例 Arts. 19 and 21)."""

from django.urls import path

from ecopermit.filings import views_ledger, views_selfmon

selfmon_urlpatterns: list = [
    path("selfmon/results/", views_selfmon.monitoring_results, name="monitoring_results"),
    path(
        "selfmon/results/<int:pk>/report/",
        views_selfmon.monitoring_result_file,
        name="monitoring_result_file",
    ),
    path(
        "selfmon/items/<int:pk>/change/", views_selfmon.monitoring_item_change, name="monitoring_item_change"
    ),
    path("selfmon/<int:facility_pk>/", views_selfmon.monitoring_plan, name="monitoring_plan"),
    path(
        "selfmon/<int:facility_pk>/generate/",
        views_selfmon.monitoring_plan_generate,
        name="monitoring_plan_generate",
    ),
    path(
        "selfmon/<int:facility_pk>/results/add/",
        views_selfmon.monitoring_result_add,
        name="monitoring_result_add",
    ),
    path(
        "selfmon/<int:facility_pk>/results/template/",
        views_selfmon.monitoring_results_template,
        name="monitoring_results_template",
    ),
    path(
        "selfmon/<int:facility_pk>/results/import/",
        views_selfmon.monitoring_results_import,
        name="monitoring_results_import",
    ),
    path("ledger/abnormal/", views_ledger.ledger_abnormal, name="ledger_abnormal"),
    path("ledger/<int:facility_pk>/", views_ledger.ledger_list, name="ledger_list"),
    path("ledger/<int:facility_pk>/add/", views_ledger.ledger_add, name="ledger_add"),
    path("ledger/<int:facility_pk>/requirement/", views_ledger.ledger_requirement, name="ledger_requirement"),
    path("ledger/<int:facility_pk>/template/", views_ledger.ledger_template, name="ledger_template"),
    path("ledger/<int:facility_pk>/import/", views_ledger.ledger_import, name="ledger_import"),
    path("ledger/entries/<int:pk>/correct/", views_ledger.ledger_correct, name="ledger_correct"),
]
