from django.urls import path

from salesdesk.performance import views_market, views_peers

app_name = "performance"

urlpatterns = [
    path("performance/peers/", views_peers.peers, name="peers"),
    path("performance/market/", views_market.market, name="market"),
    path("performance/market.pdf", views_market.market_pdf, name="market-pdf"),
    path("performance/market.xlsx", views_market.market_xlsx, name="market-xlsx"),
    path("performance/market/comment/", views_market.market_comment, name="market-comment"),
    path("performance/market/size/", views_market.market_size_entry, name="market-size"),
    path("performance/market/satisfaction/", views_market.satisfaction_entry, name="satisfaction"),
]
