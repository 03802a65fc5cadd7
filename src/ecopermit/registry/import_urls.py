"""Survey import URLs; the lead includes ``import_urlpatterns`` in ``registry/urls.py`` (namespace ``registry``)."""

from django.urls import path

from ecopermit.registry import import_views

import_urlpatterns = [
    path("import/", import_views.import_list, name="import_list"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/upload/", import_views.import_upload, name="import_upload"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("import/<int:pk>/apply/", import_views.import_apply, name="import_apply"),
]
