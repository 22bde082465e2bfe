from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from salesdesk.core.notifications import unread_count
from salesdesk.web.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: navigation, unread count, the languages offered."""
    user = request.user
    if not user.is_authenticated:
        return {"languages": settings.LANGUAGES}
    return {
        "navigation": navigation_for(user, getattr(request.resolver_match, "view_name", "") or ""),
        "unread_notifications": unread_count(user=user),
        "languages": settings.LANGUAGES,
    }
