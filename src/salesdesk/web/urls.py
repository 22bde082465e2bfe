from django.urls import path

from salesdesk.web import record_options, views, views_calendar

app_name = "web"
urlpatterns = [
    path("language/", views.set_language, name="set-language"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("jobs/", views.jobs, name="jobs"),
    path("options/<slug:kind>/", record_options.record_options, name="record-options"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job-detail"),
    path("profile/calendar/", views_calendar.calendar_feeds, name="calendar-feeds"),
    path(
        "profile/calendar/<int:pk>/revoke/",
        views_calendar.calendar_feed_revoke_view,
        name="calendar-feed-revoke",
    ),
    path("calendar/<str:secret>.ics", views_calendar.calendar_feed, name="calendar-feed"),
]
