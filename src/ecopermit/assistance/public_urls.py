"""Public pages of the service measures (no sign-in): the FAQ of the consultation day and the notices of agencies'
poor work and suspensions (S1, S7). Mounted under ``public/faq/``."""

from django.urls import path

from ecopermit.assistance import views

app_name = "assistance_public"
urlpatterns = [
    path("", views.public_faq, name="faq"),
    path("agencies/", views.public_agencies, name="agencies"),
]
