"""In-app notifications (the bell): written by services, read by their recipient only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from salesdesk.core.models import Notification


def notification_create(*, recipient: Any, title: str, body: str = "", url: str = "") -> Notification:
    return Notification.objects.create(recipient=recipient, title=title[:300], body=body, url=url[:500])


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the recipient's notifications read (all of them, or those in `ids`)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
