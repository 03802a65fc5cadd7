from django.urls import path

from ecopermit.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/move/", views.notice_move, name="notice_move"),
    path("items/", views.item_list, name="item_list"),
    path("items/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("versions/<int:pk>/take-down/", views.version_take_down, name="version_take_down"),
    path("open-days/", views.openday_list, name="openday_list"),
    path("open-days/new/", views.openday_new, name="openday_new"),
    path("open-days/<int:pk>/", views.openday_detail, name="openday_detail"),
    path("open-days/<int:pk>/cancel/", views.openday_cancel, name="openday_cancel"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
]
