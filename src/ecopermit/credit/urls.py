from django.urls import path

from ecopermit.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.level_list, name="level_list"),
    path("evaluate/", views.evaluate, name="evaluate"),
    path("publish/", views.levels_publish, name="levels_publish"),
    path("facilities/<int:pk>/", views.facility_credit, name="facility_credit"),
    path("levels/<int:pk>/review/", views.level_review, name="level_review"),
    path("levels/<int:pk>/publish/", views.level_publish, name="level_publish"),
    path("facilities/<int:pk>/repair/", views.repair_request, name="repair_request"),
    path("repairs/<int:pk>/decide/", views.repair_decide, name="repair_decide"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/retract/", views.event_retract, name="event_retract"),
    path("scheme/", views.scheme_page, name="scheme"),
    path("mine/", views.mine, name="mine"),
]
