"""What every page view needs from a request: the signed-in person, and service errors shown on a form."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from salesdesk.org.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The person of a request that passed @login_required."""
    user = request.user
    assert isinstance(user, User)
    return user


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, *, renames: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form.

    `renames` maps a service's field name to the form's where they differ. An error on a hidden field
    (the record's version) would never be seen, so it goes above the form too.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        name = (renames or {}).get(field, field)
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if shown else None, errors)
