"""The public pages of disclosure, mounted under ``public/`` before the portal's own (their prefixes do not meet)."""

from django.urls import path

from ecopermit.disclosure import public_views as views

app_name = "disclosure_public"
urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/feed.atom", views.notice_feed, name="notice_feed"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("disclosures/facility/<int:pk>/", views.facility_disclosures, name="facility_disclosures"),
    path("disclosures/<int:pk>/", views.item_history, name="item_history"),
    path("disclosures/files/<int:pk>/", views.version_file, name="version_file"),
    path("open-days/", views.openday_list, name="openday_list"),
    path("open-days/<int:pk>/", views.openday_detail, name="openday_detail"),
    path("open-days/bookings/<slug:pk>/", views.booking_detail, name="booking_detail"),
    path("report-error/", views.report_form, name="report_form"),
    path("receipts/", views.receipt_lookup, name="receipt_lookup"),
    path("receipts/<slug:pk>/", views.receipt, name="receipt"),
]
