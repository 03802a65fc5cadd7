from django.urls import path

from ecopermit.enforcement import views, views_proposals

app_name = "enforcement"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_file, name="case_file"),
    path("proposals/", views_proposals.monitoring_proposals, name="monitoring_proposals"),
    path(
        "proposals/<int:pk>/open/", views_proposals.monitoring_proposal_open, name="monitoring_proposal_open"
    ),
    path(
        "proposals/<int:pk>/dismiss/",
        views_proposals.monitoring_proposal_dismiss,
        name="monitoring_proposal_dismiss",
    ),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    *(
        path(f"<int:pk>/{action.replace('_', '-')}/", views.officer_action, {"action": action}, name=action)
        for action in views.OFFICER_ACTIONS
    ),
    *(
        path(f"<int:pk>/{action.replace('_', '-')}/", views.leader_action, {"action": action}, name=action)
        for action in views.LEADER_ACTIONS
    ),
    path("rounds/<int:pk>/reinspect/", views.round_reinspect, name="round_reinspect"),
    path("rounds/<int:pk>/decide/", views.round_decide, name="round_decide"),
    *(
        path(
            f"rounds/<int:pk>/{action.replace('_', '-')}/",
            views.round_action,
            {"action": action},
            name=f"round_{action}",
        )
        for action in views.ROUND_ACTIONS
    ),
    path("<int:pk>/documents/filing/<slug:fmt>/", views.document_filing, name="document_filing"),
    path("<int:pk>/documents/notice/<slug:fmt>/", views.document_notice, name="document_notice"),
    path("<int:pk>/documents/decision/<slug:fmt>/", views.document_decision, name="document_decision"),
    path("rounds/<int:pk>/document/<slug:fmt>/", views.document_daily, name="document_daily"),
    path(
        "rounds/<int:pk>/notice-document/<slug:fmt>/",
        views.document_daily_notice,
        name="document_daily_notice",
    ),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("transfer-documents/<int:pk>/download/", views.transfer_document_download, name="transfer_document"),
]
