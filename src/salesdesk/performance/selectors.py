"""Reads for the K2 pages, already scoped to the person."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Segment
from salesdesk.org.models import User
from salesdesk.performance.models import MarketSize, SatisfactionScore

RECENT = 24


def segment_list(*, user: User) -> QuerySet[Segment]:
    return visible_to(user, Segment).order_by("name")


def segment_for(*, user: User, requested: str | None) -> Segment | None:
    """The segment asked for (404 if the person may not see it); None for all segments."""
    if not requested:
        return None
    try:
        return segment_list(user=user).get(pk=int(requested))
    except (ValueError, Segment.DoesNotExist):
        raise Http404 from None


def market_size_list(*, user: User) -> QuerySet[MarketSize]:
    return (
        visible_to(user, MarketSize)
        .select_related("segment", "entered_by")
        .order_by("-period_start", "period_kind", "segment__name")[:RECENT]
    )


def satisfaction_list(*, user: User) -> QuerySet[SatisfactionScore]:
    return (
        visible_to(user, SatisfactionScore)
        .select_related("segment", "entered_by")
        .order_by("-period_start", "period_kind", "segment__name")[:RECENT]
    )
