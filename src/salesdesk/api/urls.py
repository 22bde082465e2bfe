from django.urls import path

from salesdesk.api import views
from salesdesk.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("profile/tokens/", views.tokens, name="api-tokens"),
]
