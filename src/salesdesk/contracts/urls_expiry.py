from django.urls import path

from salesdesk.contracts import views_expiry

urlpatterns = [
    path("contracts/expiry/", views_expiry.expiry_calendar, name="expiry-calendar"),
    path("contracts/expiry/outlook/", views_expiry.expiry_outlook, name="expiry-outlook"),
    path("contracts/expiry/export.csv", views_expiry.expiry_export, name="expiry-export"),
]
