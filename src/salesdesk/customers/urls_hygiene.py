"""Pages of the customers app: hygiene."""

from django.urls import URLPattern, path

from salesdesk.customers import views_hygiene as views

urlpatterns: list[URLPattern] = [
    path("hygiene/", views.hygiene_queue, name="hygiene-queue"),
    path("hygiene/<int:pk>/fix/", views.hygiene_fix, name="hygiene-fix"),
    path("hygiene/bounces/", views.hygiene_bounces, name="hygiene-bounces"),
    path("hygiene/bounces/mailbox/", views.hygiene_mailbox_check, name="hygiene-mailbox-check"),
    path("contact-points/<int:pk>/mark/", views.contact_point_mark, name="contact-point-mark"),
    path("hooks/email-events/", views.email_events_webhook, name="email-events-webhook"),
    path("duplicates/", views.duplicates_list, name="duplicates"),
    path("duplicates/scan/", views.duplicates_scan, name="duplicates-scan"),
    path("duplicates/<int:pk>/merge/", views.duplicate_merge, name="duplicate-merge"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate-dismiss"),
]
