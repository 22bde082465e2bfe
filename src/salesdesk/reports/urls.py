from django.urls import path

from salesdesk.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/monthly/", views.monthly_report, name="monthly"),
    path("reports/monthly.pdf", views.monthly_report_pdf, name="monthly-pdf"),
    path("reports/monthly.xlsx", views.monthly_report_xlsx, name="monthly-xlsx"),
    path("reports/monthly/send/", views.monthly_report_send, name="monthly-send"),
    path("reports/my-numbers/", views.my_numbers, name="my-numbers"),
]
