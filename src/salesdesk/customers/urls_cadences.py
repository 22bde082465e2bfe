"""Pages of the customers app: cadences."""

from django.urls import path

from salesdesk.customers import views_cadences as views

urlpatterns = [
    path("cadences/", views.cadence_list, name="cadence-list"),
    path("cadences/new/", views.cadence_create, name="cadence-create"),
    path("cadences/<int:pk>/edit/", views.cadence_edit, name="cadence-edit"),
    path("cadences/<int:pk>/deactivate/", views.cadence_deactivate, name="cadence-deactivate"),
    path("upkeep/overdue/", views.upkeep_overdue, name="upkeep-overdue"),
    path("upkeep/log/", views.upkeep_log, name="upkeep-log"),
]
