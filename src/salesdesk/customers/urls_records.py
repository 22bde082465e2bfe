"""Pages of the customers app: records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
