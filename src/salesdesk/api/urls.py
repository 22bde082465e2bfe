from django.urls import path

from salesdesk.api import views
from salesdesk.api.docs import swagger_asset
from salesdesk.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/assets/<str:name>", swagger_asset, name="api-swagger-asset"),
    path("profile/tokens/", views.tokens, name="api-tokens"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="api-token-revoke"),
]
