from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from salesdesk.api.urls import urlpatterns as api_urlpatterns
from salesdesk.web.forms import RecipientLanguagePasswordResetForm
from salesdesk.web.views import LoginView

admin.site.site_header = _("Salesdesk administration")
admin.site.site_title = _("Salesdesk administration")
admin.site.index_title = _("Users, organisation and settings")

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=RecipientLanguagePasswordResetForm,
            email_template_name="emails/password_reset/body.txt",
            subject_template_name="emails/password_reset/subject.txt",
        ),
        name="password_reset",
    ),
    # Django's other sign-in pages, listed one by one rather than included: the included set carries its
    # own "password_reset" page, whose e-mail ignores the recipient's language, under the same name.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    *api_urlpatterns,
    path("", include("salesdesk.web.urls")),
    path("", include("salesdesk.org.urls")),
    path("", include("salesdesk.worklist.urls")),
    path("", include("salesdesk.customers.urls")),
    path("", include("salesdesk.prospects.urls")),
    path("", include("salesdesk.pipeline.urls")),
    path("", include("salesdesk.catalog.urls")),
    path("", include("salesdesk.orders.urls")),
    path("", include("salesdesk.contracts.urls")),
    path("", include("salesdesk.planning.urls")),
    path("", include("salesdesk.reports.urls")),
    path("", include("salesdesk.performance.urls")),
    path("", include("salesdesk.transfer.urls")),
    path("", include("salesdesk.search.urls")),
]
