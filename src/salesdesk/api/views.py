"""The person's own API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from salesdesk.api.forms import TokenForm
from salesdesk.api.selectors import api_token_get, api_token_list
from salesdesk.api.services import api_token_create, api_token_revoke
from salesdesk.web.requests import signed_in_user


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = TokenForm(request.POST or None)
    plaintext = ""
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, plaintext = api_token_create(
                user=user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    status = 200 if request.method != "POST" or created else 400
    context = {"form": form, "tokens": api_token_list(user=user), "plaintext": plaintext, "created": created}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = api_token_get(user=user, pk=pk)
    api_token_revoke(token=token, revoked_by=user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("api-tokens"))
