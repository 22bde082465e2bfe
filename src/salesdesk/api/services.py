"""Writes to personal API tokens. The plaintext secret leaves the server once and is never stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.api.choices import TokenStatus
from salesdesk.api.models import ApiToken
from salesdesk.api.selectors import TOKEN_START, api_token_by_prefix, split_token
from salesdesk.core.audit import audit_record
from salesdesk.org.models import User

# How often at most `last_used_at` is written, so a busy client does not cause a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
NAME_MAX_LENGTH = 100


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    # Hex only, so the prefix never contains the "_" that separates it from the secret.
    while True:
        prefix = secrets.token_hex(5)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its plaintext "sd_<prefix>_<secret>".

    Only a SHA-256 hash of the secret is stored; the plaintext is returned here once and cannot be
    recovered. A token with `expires_on` works until the end of that day in the current time zone.
    """
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Give the token a name."))
    elif len(name) > NAME_MAX_LENGTH:
        errors.setdefault("name", []).append(_("Use at most 100 characters."))
    if expires_on is not None and expires_on < timezone.localdate():
        errors.setdefault("expires_on", []).append(_("Choose today or a later day."))
    if errors:
        raise ValidationError(errors)
    expires_at = None
    if expires_on is not None:
        end_of_day = datetime.combine(expires_on + timedelta(days=1), time.min)
        expires_at = timezone.make_aware(end_of_day, timezone.get_current_timezone())
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=_new_prefix(), secret_hash=_hash(secret), expires_at=expires_at
    )
    audit_record(
        actor=user,
        verb="api_token.create",
        target=token,
        changes={
            "name": name,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, f"{TOKEN_START}{token.prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User) -> ApiToken:
    """Revoke `token` for good; revoking a revoked token changes nothing and records nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=revoked_by, verb="api_token.revoke", target=locked, changes={"prefix": locked.prefix}
        )
    token.revoked_at = locked.revoked_at
    return token


def api_token_authenticate(*, raw: str, now: datetime | None = None) -> User | None:
    """The active owner of the active token `raw`, or None; notes the use at most once a minute."""
    parts = split_token(raw.strip())
    if parts is None:
        return None
    prefix, secret = parts
    token = api_token_by_prefix(prefix=prefix)
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = now or timezone.now()
    if token.status_at(now) != TokenStatus.ACTIVE or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_RESOLUTION:
        # Conditional so concurrent requests write once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    return token.user
