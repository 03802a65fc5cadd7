from django.urls import path

from ecopermit.registry import views_access

app_name = "access"
urlpatterns = [
    path("users/<int:pk>/facilities/", views_access.facility_access_grant_view, name="facility_access_grant"),
    path(
        "users/<int:pk>/facilities/<int:access_id>/revoke/",
        views_access.facility_access_revoke_view,
        name="facility_access_revoke",
    ),
]
