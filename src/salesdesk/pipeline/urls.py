from django.urls import path

from salesdesk.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("pipeline/", views.board, name="board"),
    path("pipeline/<int:pk>/", views.board, name="board-detail"),
    path("pipeline/forecast/", views.forecast, name="forecast"),
    path("opportunities/", views.opportunity_list, name="opportunity-list"),
    path("opportunities/new/", views.opportunity_create, name="opportunity-create"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity-detail"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path("opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity-move"),
    path("opportunities/<int:pk>/win/", views.opportunity_win, name="opportunity-win"),
    path("opportunities/<int:pk>/lose/", views.opportunity_lose, name="opportunity-lose"),
    path(
        "opportunities/<int:pk>/competitors/", views.opportunity_competitors, name="opportunity-competitors"
    ),
    path("opportunities/<int:pk>/products/", views.opportunity_lines, name="opportunity-lines"),
]
