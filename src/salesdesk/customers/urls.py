"""Every page of the customers app; each part keeps its own URL module."""

from salesdesk.customers import urls_cadences, urls_hygiene, urls_records

app_name = "customers"
urlpatterns = [*urls_records.urlpatterns, *urls_hygiene.urlpatterns, *urls_cadences.urlpatterns]
