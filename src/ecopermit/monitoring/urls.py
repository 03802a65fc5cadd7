from django.urls import path

from ecopermit.monitoring import views, views_status

app_name = "monitoring"

urlpatterns: list = [
    path("", views.alarm_list, name="alarm_list"),
    path("alarms/<int:pk>/", views.alarm_detail, name="alarm_detail"),
    path("alarms/<int:pk>/close/", views.alarm_close, name="alarm_close"),
    path("devices/", views.device_list, name="device_list"),
    path("ingest/", views_status.ingest_status_page, name="ingest_status"),
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/new/", views.declaration_new, name="declaration_new"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/decide/", views.declaration_decide, name="declaration_decide"),
    path("facility/<int:facility_pk>/", views.facility_monitoring, name="facility"),
    path("facility/<int:facility_pk>/electricity/", views.electricity, name="electricity"),
    path("facility/<int:facility_pk>/electricity/meter/", views.meter_add, name="meter_add"),
    path("facility/<int:facility_pk>/electricity/import/", views.power_import, name="power_import"),
]
