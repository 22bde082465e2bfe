from salesdesk.orders import urls_billing, urls_orders

app_name = "orders"
urlpatterns = [*urls_orders.urlpatterns, *urls_billing.urlpatterns]
