"""Stock moves: every change to a stock level is a movement, and the level is kept equal to their sum."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from salesdesk.catalog.models import Product, StockLevel, StockLocation, StockMovement

if TYPE_CHECKING:
    from salesdesk.orders.models import Delivery
    from salesdesk.org.models import User


@transaction.atomic
def stock_move(
    *,
    product: Product,
    location: StockLocation,
    quantity: Decimal,
    kind: str,
    by: User | None = None,
    delivery: Delivery | None = None,
    note: str = "",
    at: datetime | None = None,
) -> StockMovement:
    """Record a movement (positive in, negative out) and update the level in the same transaction."""
    movement = StockMovement.objects.create(
        product=product,
        location=location,
        kind=kind,
        quantity=quantity,
        delivery=delivery,
        note=note,
        moved_at=at or timezone.now(),
        moved_by=by,
    )
    level, _created = StockLevel.objects.select_for_update().get_or_create(product=product, location=location)
    # An UPDATE with F() so two deliveries at once cannot lose each other's change.
    StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + quantity)
    return movement
