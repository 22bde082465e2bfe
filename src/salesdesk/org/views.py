from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from salesdesk.org import selectors, services
from salesdesk.org.choices import Role
from salesdesk.org.forms import ProfileForm
from salesdesk.web.requests import add_service_errors, signed_in_user


@login_required
def people(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    people_qs = selectors.user_list(
        user=signed_in_user(request), search=search, role=role if role in Role.values else ""
    )
    page = Paginator(people_qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "org/people.html",
        {
            "page": page,
            "search": search,
            "role": role,
            "roles": Role.choices,
            "query": f"q={search}&role={role}",
        },
    )


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    shown = selectors.user_get(user=signed_in_user(request), pk=pk)
    return render(request, "org/person.html", {"person": shown})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "language": user.language,
        "time_zone": user.time_zone,
        "display_currency": user.display_currency,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_preferences(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            return HttpResponseRedirect(reverse("org:profile"))
    return render(request, "org/profile.html", {"form": form, "person": user})
