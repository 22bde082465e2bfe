from django.urls import path

from salesdesk.catalog import views, views_stock

app_name = "catalog"
urlpatterns = [
    path("catalogue/", views.product_list, name="product-list"),
    path("catalogue/new/", views.product_create, name="product-create"),
    path("catalogue/<int:pk>/", views.product_detail, name="product-detail"),
    path("catalogue/<int:pk>/edit/", views.product_edit, name="product-edit"),
    path("catalogue/<int:pk>/deliverables/", views.deliverable_add, name="deliverable-add"),
    path("catalogue/deliverables/<int:pk>/edit/", views.deliverable_edit, name="deliverable-edit"),
    path("catalogue/deliverables/<int:pk>/remove/", views.deliverable_remove, name="deliverable-remove"),
    path("catalogue/<int:pk>/costs/", views.production_cost_set, name="production-cost-set"),
    path("catalogue/costs/<int:pk>/remove/", views.production_cost_remove, name="production-cost-remove"),
    path("catalogue/categories/", views.category_list, name="category-list"),
    path("catalogue/categories/new/", views.category_create, name="category-create"),
    path("catalogue/categories/<int:pk>/edit/", views.category_edit, name="category-edit"),
    path("catalogue/price-lists/", views.price_list_list, name="price-list-list"),
    path("catalogue/price-lists/new/", views.price_list_edit, name="price-list-create"),
    path("catalogue/price-lists/<int:pk>/", views.price_list_detail, name="price-list-detail"),
    path("catalogue/price-lists/<int:pk>/edit/", views.price_list_edit, name="price-list-edit"),
    path("catalogue/stock/", views_stock.stock_overview, name="stock"),
    path("catalogue/stock/move/", views_stock.stock_move, name="stock-move"),
    path("catalogue/stock/reorder-level/", views_stock.reorder_level, name="reorder-level"),
    path("catalogue/stock/movements/", views_stock.movement_list, name="movement-list"),
    path("catalogue/stock/locations/", views_stock.location_list, name="location-list"),
]
