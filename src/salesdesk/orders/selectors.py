"""Reads of orders, deliveries and incidents, always scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.orders.choices import IncidentKind, IncidentStatus, OrderStatus
from salesdesk.orders.models import (
    BillingEntry,
    Delivery,
    DeliveryItem,
    Incident,
    Order,
    OrderLine,
    OrderStatusChange,
)
from salesdesk.org.models import User

# An incident nobody has closed after this many days goes on its owner's worklist.
INCIDENT_STALE_DAYS = 3


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    owner_id: int | None = None
    account_id: int | None = None
    date_from: date | None = None  # quoted on or after
    date_to: date | None = None
    search: str = ""


def order_list(*, user: User, filters: OrderFilters | None = None) -> QuerySet[Order]:
    """Orders `user` may see, narrowed by `filters`, with what a list row shows joined in."""
    filters = filters or OrderFilters()
    rows = visible_to(user, Order).select_related("account", "owner")
    conditions = Q()
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.owner_id:
        conditions &= Q(owner_id=filters.owner_id)
    if filters.account_id:
        conditions &= Q(account_id=filters.account_id)
    if filters.date_from:
        conditions &= Q(quoted_on__gte=filters.date_from)
    if filters.date_to:
        conditions &= Q(quoted_on__lte=filters.date_to)
    if filters.search:
        term = filters.search.strip()
        # A confirmed order is still found by the number it had as a quote.
        was_quote = OrderStatusChange.objects.filter(note__icontains=term).values("order_id")
        conditions &= Q(number__icontains=term) | Q(account__name__icontains=term) | Q(pk__in=was_quote)
    return rows.filter(conditions)


def order_get(*, user: User, pk: int | str) -> Order:
    """One order with its account, rep and contact, or 404 when `user` may not see it."""
    rows = visible_to(user, Order).select_related("account", "owner", "contact", "opportunity", "price_list")
    return get_visible_or_404(user, rows, pk=pk)


@dataclass
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    status_changes: list[OrderStatusChange]
    deliveries: list[Delivery]
    incidents: list[Incident]
    billing_entries: list[BillingEntry]
    remaining: dict[int, Decimal]

    @property
    def allowed_statuses(self) -> list[OrderStatus]:
        from salesdesk.orders.choices import ORDER_TRANSITIONS

        return [
            OrderStatus(status)
            for status in OrderStatus.values
            if status in ORDER_TRANSITIONS[self.order.status]
        ]

    @property
    def rows(self) -> list[tuple[OrderLine, Decimal]]:
        """Each line with how much of it is still to be put on a delivery."""
        return [(line, self.remaining.get(line.pk, Decimal(0))) for line in self.lines]

    @property
    def can_deliver(self) -> bool:
        return self.order.status == OrderStatus.ORDERED and any(left > 0 for left in self.remaining.values())


def order_detail(*, user: User, pk: int | str) -> OrderDetail:
    """Everything the order page shows, in a fixed number of queries."""
    order = order_get(user=user, pk=pk)
    lines = list(order.lines.select_related("product"))
    deliveries = list(
        visible_to(user, Delivery)
        .filter(order=order)
        .select_related("from_location")
        .prefetch_related(Prefetch("items", queryset=DeliveryItem.objects.select_related("order_line")))
        .order_by("pk")
    )
    on_deliveries: dict[int, Decimal] = {}
    for delivery in deliveries:
        for item in delivery.items.all():
            on_deliveries[item.order_line_id] = (
                on_deliveries.get(item.order_line_id, Decimal(0)) + item.quantity
            )
    return OrderDetail(
        order=order,
        lines=lines,
        status_changes=list(order.status_changes.select_related("changed_by")),
        deliveries=deliveries,
        incidents=list(
            visible_to(user, Incident).filter(order=order).select_related("owner", "product", "delivery")
        ),
        billing_entries=list(visible_to(user, BillingEntry).filter(order=order)),
        remaining={line.pk: line.quantity - on_deliveries.get(line.pk, Decimal(0)) for line in lines},
    )


def delivery_get(*, user: User, pk: int | str) -> Delivery:
    rows = visible_to(user, Delivery).select_related("order", "order__owner", "from_location")
    return get_visible_or_404(user, rows, pk=pk)


def delivery_list(*, user: User, order: Order) -> QuerySet[Delivery]:
    return (
        visible_to(user, Delivery)
        .filter(order=order)
        .select_related("from_location")
        .prefetch_related(Prefetch("items", queryset=DeliveryItem.objects.select_related("order_line")))
    )


@dataclass(frozen=True)
class IncidentFilters:
    start: date | None = None  # reported on or after
    end: date | None = None
    kind: str = ""
    product_id: int | None = None
    rep_id: int | None = None
    owner_id: int | None = None
    status: str = ""
    order_id: int | None = None


def _incident_conditions(filters: IncidentFilters) -> Q:
    conditions = Q()
    if filters.start:
        conditions &= Q(reported_on__gte=filters.start)
    if filters.end:
        conditions &= Q(reported_on__lte=filters.end)
    if filters.kind:
        conditions &= Q(kind=filters.kind)
    if filters.product_id:
        conditions &= Q(product_id=filters.product_id)
    if filters.rep_id:
        conditions &= Q(rep_id=filters.rep_id)
    if filters.owner_id:
        conditions &= Q(owner_id=filters.owner_id)
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.order_id:
        conditions &= Q(order_id=filters.order_id)
    return conditions


def incident_list(*, user: User, filters: IncidentFilters | None = None) -> QuerySet[Incident]:
    rows = visible_to(user, Incident).select_related("order", "order__account", "product", "rep", "owner")
    return rows.filter(_incident_conditions(filters or IncidentFilters()))


def incident_get(*, user: User, pk: int | str) -> Incident:
    return get_visible_or_404(user, incident_list(user=user).select_related("delivery"), pk=pk)


GroupBy = Literal["kind", "product", "rep"]


@dataclass(frozen=True)
class IncidentCount:
    key: str  # the cause's code, or the product's / rep's id ("" for incidents without a product)
    label: str
    count: int
    open: int


def incident_counts(
    *,
    user: User,
    start: date | None = None,
    end: date | None = None,
    group_by: GroupBy = "kind",
    filters: IncidentFilters | None = None,
) -> list[IncidentCount]:
    """How many incidents `user` may see were reported in the period, by cause, product or rep,
    the most frequent first (the root-cause analysis reads these)."""
    base = filters or IncidentFilters()
    scoped = incident_list(
        user=user,
        filters=IncidentFilters(
            start=start or base.start,
            end=end or base.end,
            kind=base.kind,
            product_id=base.product_id,
            rep_id=base.rep_id,
            status=base.status,
        ),
    )
    field = {"kind": "kind", "product": "product_id", "rep": "rep_id"}[group_by]
    rows = list(
        scoped.order_by()
        .values(field)
        .annotate(count=Count("pk"), open=Count("pk", filter=Q(status=IncidentStatus.OPEN)))
        .order_by("-count", field)
    )
    labels: dict[object, str]
    if group_by == "kind":
        labels = {value: str(label) for value, label in IncidentKind.choices}
    elif group_by == "product":
        from salesdesk.catalog.models import Product

        ids = [row[field] for row in rows if row[field] is not None]
        labels = {product.pk: product.label() for product in Product.objects.filter(pk__in=ids)}
    else:
        ids = [row[field] for row in rows]
        labels = {person.pk: person.display_name for person in User.objects.filter(pk__in=ids)}
    return [
        IncidentCount(
            key="" if row[field] is None else str(row[field]),
            label=labels.get(row[field], "") if row[field] is not None else "",
            count=row["count"],
            open=row["open"],
        )
        for row in rows
    ]


def incident_cost_totals(*, user: User, filters: IncidentFilters) -> dict[str, Decimal]:
    """What the incidents in `filters` cost, per currency."""
    rows = incident_list(user=user, filters=filters).order_by().values("currency").annotate(total=Sum("cost"))
    return {row["currency"]: row["total"] or Decimal(0) for row in rows}


def stale_incidents(*, owner: User, today: date, days: int = INCIDENT_STALE_DAYS) -> QuerySet[Incident]:
    """The owner's open incidents reported more than `days` days ago (for the worklist)."""
    return Incident.objects.filter(
        owner=owner, status=IncidentStatus.OPEN, reported_on__lt=today - timedelta(days=days)
    ).select_related("order", "order__account")


def account_orders(*, user: User, account_id: int) -> QuerySet[Order]:
    return visible_to(user, Order).filter(account_id=account_id)
