from django.urls import path

from salesdesk.worklist import views

app_name = "worklist"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task-status"),
    path("worklist/snooze/", views.item_snooze, name="item-snooze"),
]
