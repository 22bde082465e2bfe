from django.urls import path

from salesdesk.transfer import views

app_name = "transfer"
urlpatterns = [
    path("import/", views.import_start, name="import-start"),
    path("import/<str:token>/mapping/", views.import_mapping, name="import-mapping"),
    path("import/<str:token>/run/", views.import_run, name="import-run"),
    path("export/", views.export_start, name="export-start"),
    path("export/<str:entity>/", views.export_download, name="export-download"),
]
