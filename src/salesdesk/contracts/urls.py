from salesdesk.contracts import urls_expiry, urls_queue, urls_records

app_name = "contracts"
urlpatterns = [*urls_records.urlpatterns, *urls_queue.urlpatterns, *urls_expiry.urlpatterns]
