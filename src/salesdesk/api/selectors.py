"""Reads of API tokens: a person only ever sees their own."""

from __future__ import annotations

from django.db.models import QuerySet

from salesdesk.api.models import ApiToken
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import User

TOKEN_START = "sd_"  # noqa: S105  (the public start of every token, not a secret)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return visible_to(user, ApiToken).order_by("-created_at", "-pk")


def api_token_get(*, user: User, pk: int | str) -> ApiToken:
    return get_visible_or_404(user, ApiToken, pk=pk)


def split_token(raw: str) -> tuple[str, str] | None:
    """("prefix", "secret") from "sd_<prefix>_<secret>", or None when it does not have that shape."""
    if not raw.startswith(TOKEN_START):
        return None
    prefix, separator, secret = raw[len(TOKEN_START) :].partition("_")
    if not separator or not prefix or not secret:
        return None
    return prefix, secret


def api_token_by_prefix(*, prefix: str) -> ApiToken | None:
    """The token with that public prefix, whoever owns it (used only to authenticate a request)."""
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()
