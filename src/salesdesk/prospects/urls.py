from django.urls import URLPattern

app_name = "prospects"
urlpatterns: list[URLPattern] = []
