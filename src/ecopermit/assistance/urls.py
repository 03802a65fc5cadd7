from django.urls import path

from ecopermit.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.home, name="home"),
    # S1 星期三环保咨询日
    path("consultations/", views.booking_list, name="booking_list"),
    path("consultations/book/", views.booking_new, name="booking_new"),
    path("consultations/sessions/", views.slots_generate, name="slots_generate"),
    path("consultations/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("consultations/<int:pk>/answer/", views.booking_answer, name="booking_answer"),
    path("consultations/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("consultations/<int:pk>/publish/", views.booking_publish, name="booking_publish"),
    # S2 环保指导员
    path("guides/", views.guide_list, name="guide_list"),
    path("guides/assign/", views.guide_assign, name="guide_assign"),
    path("guides/facilities/<int:pk>/", views.guide_facility, name="guide_facility"),
    # S3 环保管家, S7 中介机构
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/<slug:which>/", views.agency_action, name="agency_action"),
    path("stewards/", views.contract_list, name="contract_list"),
    path("stewards/<int:pk>/", views.contract_detail, name="contract_detail"),
    # S4 shared monitoring
    path("shared-monitoring/", views.shared_list, name="shared_list"),
    path("shared-monitoring/<int:pk>/download/", views.shared_download, name="shared_download"),
    path("shared-monitoring/<int:pk>/cite/", views.shared_cite, name="shared_cite"),
    # S5 temporary buildings
    path("temporary-buildings/", views.building_list, name="building_list"),
    path("temporary-buildings/<int:pk>/", views.building_detail, name="building_detail"),
    path("temporary-buildings/<int:pk>/drawing/", views.building_drawing, name="building_drawing"),
    path("temporary-buildings/<int:pk>/withdraw/", views.building_withdraw, name="building_withdraw"),
    # S6 industry guides and self-checks
    path("industry-guides/", views.guide_index, name="guide_index"),
    path("industry-guides/<int:pk>/", views.industry_guide, name="industry_guide"),
    path("self-checks/<int:pk>/", views.selfcheck_detail, name="selfcheck_detail"),
]
