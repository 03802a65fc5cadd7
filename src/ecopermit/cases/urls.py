from django.urls import path

from ecopermit.cases import closure_views, views

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
    path("problems/<int:pk>/fix/", closure_views.problem_fix_decide, name="problem_fix_decide"),
    path("closures/", closure_views.closure_list, name="closure_list"),
    path("closures/<int:pk>/", closure_views.closure_detail, name="closure_detail"),
    path("closures/<int:pk>/act/", closure_views.closure_act, name="closure_act"),
    path("closures/<int:pk>/request/<slug:fmt>/", closure_views.closure_download, name="closure_download"),
]
