from django.urls import path

from salesdesk.org import views

app_name = "org"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("profile/", views.profile, name="profile"),
]
