from django.urls import path

from salesdesk.orders import views

urlpatterns = [
    path("orders/", views.order_list, name="order-list"),
    path("orders/new/", views.order_create, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/edit/", views.order_edit, name="order-edit"),
    path("orders/<int:pk>/lines/", views.order_lines, name="order-lines"),
    path("orders/<int:pk>/status/", views.order_transition, name="order-transition"),
    path("orders/<int:pk>/followed-up/", views.order_followed_up, name="order-followed-up"),
    path("orders/<int:pk>/invoiced/", views.order_invoiced, name="order-invoiced"),
    path("orders/<int:pk>/deliveries/new/", views.delivery_create, name="delivery-create"),
    path("orders/<int:pk>/incidents/new/", views.incident_report, name="incident-report"),
    path("deliveries/<int:pk>/ship/", views.delivery_ship, name="delivery-ship"),
    path("deliveries/<int:pk>/deliver/", views.delivery_deliver, name="delivery-deliver"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/by-cause/", views.incident_analysis, name="incident-analysis"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path("incidents/<int:pk>/resolve/", views.incident_resolve, name="incident-resolve"),
    path("incidents/<int:pk>/reopen/", views.incident_reopen, name="incident-reopen"),
]
