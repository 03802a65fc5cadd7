from django.urls import path

from ecopermit.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("two-factor/", views.totp_view, name="totp"),
    path("users/<int:pk>/two-factor/reset/", views.totp_reset_view, name="totp_reset"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("users/<int:pk>/active/", views.user_active_view, name="user_active"),
    path("grants/<int:pk>/revoke/", views.role_revoke_view, name="role_revoke"),
]
