"""Signed-in people see Salesdesk in their own language and time zone, whatever the browser says."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = getattr(user, "language", "")
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
            time_zone = getattr(user, "time_zone", "")
            if time_zone:
                timezone.activate(time_zone)
        response = self.get_response(request)
        timezone.deactivate()
        return response
