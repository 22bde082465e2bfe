from django.urls import path

from salesdesk.web import views

app_name = "web"
urlpatterns = [
    path("language/", views.set_language, name="set-language"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job-detail"),
]
