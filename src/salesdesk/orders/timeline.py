"""Orders on the account timeline (B3 enter once): each step of an order appears on its customer's record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from salesdesk.core.money import Money
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account
from salesdesk.customers.timeline import Record, TimelineEntry, register_provider
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.models import Incident, Order, OrderStatusChange

if TYPE_CHECKING:
    from salesdesk.org.models import User


class OrdersProvider:
    name = "orders"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        orders = visible_to(user, Order)
        orders = (
            orders.filter(account=record) if isinstance(record, Account) else orders.filter(contact=record)
        )
        changes = (
            OrderStatusChange.objects.filter(order__in=orders.values("pk"))
            .select_related("order", "changed_by")
            .order_by("-changed_at", "-pk")
        )
        for change in changes[:newest]:
            order = change.order
            if not change.from_status:
                title = _("Quote %(number)s") % {"number": order.number}
            else:
                title = _("Order %(number)s: %(status)s") % {
                    "number": order.number,
                    "status": OrderStatus(change.to_status).label,
                }
            yield TimelineEntry(
                when=change.changed_at,
                kind="order",
                title=title,
                url=reverse("orders:order-detail", args=[order.pk]),
                who=change.changed_by,
                detail=" · ".join(
                    part for part in (str(Money(order.gross_total, order.currency)), change.note) if part
                ),
            )
        incidents = (
            visible_to(user, Incident)
            .filter(order__in=orders.values("pk"))
            .select_related("order", "owner")
            .order_by("-created_at", "-pk")
        )
        for incident in incidents[:newest]:
            yield TimelineEntry(
                when=incident.created_at,
                kind="incident",
                title=_("Incident on %(number)s: %(kind)s")
                % {"number": incident.order.number, "kind": incident.get_kind_display()},
                url=reverse("orders:incident-detail", args=[incident.pk]),
                who=incident.owner,
                detail=str(incident.get_status_display()),
            )


register_provider(OrdersProvider())
