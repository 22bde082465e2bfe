"""The shell's own pages: sign-in, language, notifications and the progress of background jobs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from salesdesk.core.models import JobRun
from salesdesk.core.notifications import notification_list, notifications_mark_read
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.services import user_set_language
from salesdesk.web.forms import ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; for a signed-in person it is also saved as their preference."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return HttpResponseRedirect(request.POST.get("next") or "/notifications/")


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    runs = visible_to(request.user, JobRun).select_related("requested_by")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(request, "web/jobs.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    run = get_visible_or_404(request.user, JobRun, pk=pk)
    template = "web/partials/_job_progress.html" if request.htmx else "web/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"run": run, "result_template": _result_template(run)})


def _result_template(run: JobRun) -> str | None:
    """An app shows what its finished jobs produced with a template named jobs/results/<kind>.html."""
    if not run.is_finished or not run.result:
        return None
    name = f"jobs/results/{run.kind}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name
