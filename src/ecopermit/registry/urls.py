from django.urls import path

from ecopermit.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.facility_list, name="facility_list"),
]
