from django.urls import path

from ecopermit.inspections import record_views, views, views_inspectors

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/configure/", views.plan_configure, name="plan_configure"),
    path("plans/<int:pk>/seed/", views.plan_seed, name="plan_seed"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("pool/", views.pool, name="pool"),
    path("pool/refresh/", views.pool_refresh, name="pool_refresh"),
    path("pool/inspectors/", views_inspectors.inspector_save, name="inspector_save"),
    path(
        "pool/inspectors/<int:pk>/availability/",
        views_inspectors.inspector_availability,
        name="inspector_availability",
    ),
    path("pool/recusals/", views_inspectors.recusal_add, name="recusal_add"),
    path("pool/recusals/<int:pk>/remove/", views_inspectors.recusal_remove, name="recusal_remove"),
    path("public/", views.public_results, name="public_results"),
    path("mine/", record_views.my_inspections, name="my_inspections"),
    path("records/", record_views.inspection_list, name="inspection_list"),
    path("records/new/", record_views.inspection_new, name="inspection_new"),
    path("<int:pk>/", record_views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/record/", record_views.inspection_record, name="inspection_record"),
    path("<int:pk>/finding/", record_views.finding_add, name="finding_add"),
    path("<int:pk>/evidence/", record_views.evidence_add, name="evidence_add"),
    path("<int:pk>/complete/", record_views.inspection_complete, name="inspection_complete"),
    path("<int:pk>/publish/", record_views.inspection_publish, name="inspection_publish"),
    path("<int:pk>/document/<slug:fmt>/", record_views.record_download, name="record_download"),
    path("evidence/<int:pk>/", record_views.evidence_download, name="evidence_download"),
]
