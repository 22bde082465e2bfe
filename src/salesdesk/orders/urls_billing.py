from django.urls import path

from salesdesk.orders import views_billing

urlpatterns = [
    path("billing/", views_billing.billing_list, name="billing-list"),
    path("billing/export/<str:file_format>/", views_billing.billing_export, name="billing-export"),
    path("billing/mark-exported/", views_billing.billing_mark_exported, name="billing-mark-exported"),
    path(
        "billing/batches/<slug:batch>/<str:file_format>/",
        views_billing.billing_batch_download,
        name="billing-batch-download",
    ),
]
