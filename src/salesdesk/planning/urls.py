from django.urls import path

from salesdesk.planning import views, views_goals, views_last_year

app_name = "planning"

urlpatterns = [
    path("planning/", views.plan_vs_actual, name="plan-vs-actual"),
    path("planning/plan-vs-actual.pdf", views.plan_vs_actual_pdf, name="plan-vs-actual-pdf"),
    path("planning/plan-vs-actual.xlsx", views.plan_vs_actual_xlsx, name="plan-vs-actual-xlsx"),
    path(
        "planning/notes/<str:scope>/<int:pk>/<str:metric>/<str:grain>/<str:start>/",
        views.variance_note,
        name="variance-note",
    ),
    path("planning/my-plan/", views.my_plan, name="my-plan"),
    path("planning/last-year/", views_last_year.last_year, name="last-year"),
    path("planning/goals/", views_goals.goal_list, name="goal-list"),
    path("planning/goals/new/", views_goals.goal_create_view, name="goal-create"),
    path("planning/goals/<int:pk>/", views_goals.goal_detail, name="goal-detail"),
    path("planning/goals/<int:pk>/revise/", views_goals.goal_revise_view, name="goal-revise"),
    path("planning/goals/<int:pk>/split/", views_goals.goal_split_view, name="goal-split"),
]
