from django.urls import path

from ecopermit.complaints import public_views

app_name = "complaints_public"

urlpatterns = [
    path("", public_views.complaint_form, name="form"),
    path("status/", public_views.complaint_status, name="status"),
    path("basemap/", public_views.basemap, name="basemap"),
]
