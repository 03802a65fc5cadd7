from django.urls import path

from ecopermit.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.complaint_new, name="new"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("hotspots/data/", views.hotspots_data, name="hotspots_data"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/records/", views.record_add, name="record_add"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/finding/", views.find, name="find"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/satisfaction/", views.satisfaction, name="satisfaction"),
    path("<int:pk>/close/", views.close, name="close"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
