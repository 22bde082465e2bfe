"""The catalogue's worklist rule (C2): stock at or below its reorder level, for the product's watcher."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.catalog.selectors import low_stock_levels
from salesdesk.org.models import User
from salesdesk.worklist.rules import WorklistItem, register_rule


def _quantity(value: object) -> str:
    # 3.000 units read as "3"; fractional units keep their decimals, in the reader's format.
    return str(floatformat(value, "-3"))


class LowStockRule:
    name = "catalog-low-stock"
    label: str | Promise = gettext_lazy("Stock to reorder")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for level in low_stock_levels(user=user):
            yield WorklistItem(
                # The level in the key: after a reorder and a new dip the item comes back even if dismissed.
                key=f"stock-low:{level.pk}:{level.reorder_level}",
                rule=self.name,
                title=_("Reorder: %(product)s at %(location)s (on hand %(on_hand)s, reorder at %(reorder)s)")
                % {
                    "product": level.product.label(),
                    "location": level.location.name,
                    "on_hand": _quantity(level.on_hand),
                    "reorder": _quantity(level.reorder_level),
                },
                url=reverse("catalog:product-detail", args=[level.product_id]),
                due_on=today,
                detail=level.product.sku,
                priority=2 if level.on_hand <= 0 else 1,
            )


register_rule(LowStockRule())
