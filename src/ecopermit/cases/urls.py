from django.urls import path

from ecopermit.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/transition/", views.case_transition, name="case_transition"),
    path("<int:pk>/service/", views.service_add, name="service_add"),
    path("<int:pk>/notice/", views.notice_issue, name="notice_issue"),
    path("<int:pk>/upload/", views.document_upload, name="document_upload"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<int:pk>/<slug:fmt>/", views.notice_download, name="notice_download"),
    path("documents/<int:pk>/review/", views.document_review, name="document_review"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("facility/<int:facility_pk>/problem/", views.problem_add, name="problem_add"),
    path("lists/<slug:which>/", views.three_lists, name="list"),
]
