"""A person's subscribable calendar feeds: a secret address, stored only as a hash, revocable.

The secret is in the feed's URL (calendar apps cannot send a password), so it is long, random and shown
once when the feed is created. Only its SHA-256 hash is kept: a copy of the database opens no feed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from salesdesk.core.audit import audit_record
from salesdesk.core.models import CalendarFeed
from salesdesk.org.models import User

# Calendar apps poll every few minutes; recording each read would be a write per poll.
LAST_USED_RESOLUTION = timedelta(minutes=15)
# A secret is 43 URL-safe characters; anything far off that is not worth a query.
_SECRET_LENGTHS = range(20, 100)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, owner: User) -> tuple[CalendarFeed, str]:
    """A new feed for `owner` and its secret, which is returned here once and never stored."""
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(owner=owner, token_hash=_hash(secret))
    audit_record(actor=owner, verb="calendar_feed.create", target=feed)
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, revoked_by: User) -> CalendarFeed:
    """Stop the feed for good; revoking a revoked feed changes and records nothing."""
    locked = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(actor=revoked_by, verb="calendar_feed.revoke", target=locked)
    feed.revoked_at = locked.revoked_at
    return feed


def calendar_feed_for_secret(secret: str, *, now: datetime | None = None) -> CalendarFeed | None:
    """The active feed of an active person whose secret this is, or None; notes the read now and then."""
    if len(secret) not in _SECRET_LENGTHS:
        return None
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(token_hash=_hash(secret), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = now or timezone.now()
    if feed.last_used_at is None or feed.last_used_at <= now - LAST_USED_RESOLUTION:
        # Conditional, so concurrent polls write once.
        CalendarFeed.objects.filter(pk=feed.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        feed.last_used_at = now
    return feed


def calendar_feed_list(*, owner: User) -> QuerySet[CalendarFeed]:
    """The person's own feeds, newest first (nobody else ever sees them)."""
    return CalendarFeed.objects.filter(owner=owner).order_by("-created_at", "-pk")


def calendar_feed_get(*, owner: User, pk: int) -> CalendarFeed:
    return get_object_or_404(calendar_feed_list(owner=owner), pk=pk)
