from django.urls import path

from salesdesk.contracts import views

urlpatterns = [
    path("contracts/", views.contract_list, name="contract-list"),
    path("contracts/new/", views.contract_create, name="contract-create"),
    path("contracts/sign-selected/", views.contract_sign_selected, name="contract-sign-selected"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract-sign"),
    path("contracts/<int:pk>/cancel/", views.contract_cancel, name="contract-cancel"),
    path("contracts/<int:pk>/terminate/", views.contract_terminate, name="contract-terminate"),
]
