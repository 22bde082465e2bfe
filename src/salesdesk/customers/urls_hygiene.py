"""Pages of the customers app: hygiene."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
