from django.urls import path

from ecopermit.site import views, views_map

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("basemap.geojson", views_map.basemap, name="basemap"),
]
