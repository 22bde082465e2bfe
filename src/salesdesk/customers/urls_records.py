"""Pages of the customers app: accounts, contacts, their contact details and activities."""

from django.urls import URLPattern, path

from salesdesk.customers import views_records as views

urlpatterns: list[URLPattern] = [
    path("accounts/", views.account_list, name="account-list"),
    path("owners/", views.owner_options, name="owner-options"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account-edit"),
    path("accounts/<int:pk>/timeline/", views.account_timeline, name="account-timeline"),
    path("accounts/<int:pk>/activities/", views.account_activity, name="account-activity"),
    path("accounts/<int:pk>/details/", views.account_point_add, name="account-point-add"),
    path("contacts/", views.contact_list, name="contact-list"),
    path("contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/timeline/", views.contact_timeline, name="contact-timeline"),
    path("contacts/<int:pk>/activities/", views.contact_activity, name="contact-activity"),
    path("contacts/<int:pk>/details/", views.contact_point_add, name="contact-point-add"),
    path("contacts/<int:pk>/vcard/", views.contact_vcard_download, name="contact-vcard"),
    path("details/<int:pk>/remove/", views.point_remove, name="point-remove"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/status/", views.activity_status, name="activity-status"),
]
