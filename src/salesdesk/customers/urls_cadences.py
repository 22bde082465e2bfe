"""Pages of the customers app: cadences."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
