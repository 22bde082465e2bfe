"""Orders, deliveries and incidents in the API: the same services and scoping as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.catalog.models import PriceList, Product, StockLocation
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account, Contact
from salesdesk.orders import selectors, services
from salesdesk.orders.choices import (
    DeliveryStatus,
    IncidentKind,
    IncidentResolution,
    IncidentStatus,
    OrderStatus,
)
from salesdesk.orders.models import Delivery, DeliveryItem, Incident, Order, OrderLine
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity

router = Router(tags=["orders"])


# --- schemas ------------------------------------------------------------------------------------


class OrderLineOut(Schema):
    id: int
    position: int
    product_id: int | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    net_amount: Decimal
    tax_amount: Decimal


class OrderOut(Schema):
    id: int
    number: str
    status: OrderStatus
    account_id: int
    contact_id: int | None
    owner_id: int
    opportunity_id: int | None
    currency: str
    price_list_id: int | None
    quoted_on: date
    ordered_on: date | None
    delivered_on: date | None
    invoiced_on: date | None
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    notes: str
    version: int
    lines: list[OrderLineOut]

    @staticmethod
    def resolve_lines(obj: Order) -> list[OrderLine]:
        return list(obj.lines.all())


class OrderFiltersIn(PageParams):
    status: OrderStatus | None = None
    owner_id: int | None = None
    account_id: int | None = None
    quoted_from: date | None = Field(None, description="Quoted on or after this day.")
    quoted_to: date | None = Field(None, description="Quoted on or before this day.")
    q: str = Field("", description="Part of the order number (or its quote number) or the account name.")


class OrderLineIn(Schema):
    product_id: int | None = None
    description: str = Field("", max_length=300)
    quantity: Decimal
    unit_price: Decimal | None = Field(None, description="Empty: the price list's price for the product.")
    discount_percent: Decimal = Decimal(0)
    tax_rate: Decimal | None = Field(None, description="Empty: the product's tax rate.")


class OrderCreateIn(Schema):
    account_id: int
    currency: str = Field(max_length=3)
    lines: list[OrderLineIn]
    owner_id: int | None = Field(None, description="The sales rep; you by default.")
    contact_id: int | None = None
    opportunity_id: int | None = None
    price_list_id: int | None = None
    quoted_on: date | None = None
    notes: str = ""


class OrderUpdateIn(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    notes: str | None = None
    contact_id: int | None = None
    owner_id: int | None = None
    opportunity_id: int | None = None
    quoted_on: date | None = None
    lines: list[OrderLineIn] | None = Field(None, description="Replaces every line (quotes only).")


class TransitionIn(Schema):
    to_status: OrderStatus
    version: int | None = Field(None, description="If given, refuse (409) when it changed since.")
    on: date | None = Field(None, description="The day it happened; today by default.")
    note: str = Field("", max_length=500)


class DeliveryItemOut(Schema):
    order_line_id: int
    quantity: Decimal


class DeliveryOut(Schema):
    id: int
    number: str
    order_id: int
    status: DeliveryStatus
    from_location_id: int | None
    carrier: str
    tracking_number: str
    planned_on: date | None
    shipped_on: date | None
    delivered_on: date | None
    items: list[DeliveryItemOut]

    @staticmethod
    def resolve_items(obj: Delivery) -> list[DeliveryItem]:
        return list(obj.items.all())


class DeliveryItemIn(Schema):
    order_line_id: int
    quantity: Decimal


class DeliveryCreateIn(Schema):
    items: list[DeliveryItemIn]
    from_location_id: int | None = None
    carrier: str = Field("", max_length=100)
    tracking_number: str = Field("", max_length=100)
    planned_on: date | None = None


class TrackingIn(Schema):
    on: date | None = Field(None, description="The day it happened; today by default.")
    carrier: str | None = Field(None, max_length=100)
    tracking_number: str | None = Field(None, max_length=100)


class IncidentOut(Schema):
    id: int
    order_id: int
    delivery_id: int | None
    product_id: int | None
    rep_id: int
    kind: IncidentKind
    description: str
    cost: Decimal
    currency: str
    reported_on: date
    owner_id: int
    status: IncidentStatus
    resolution: str
    resolution_note: str
    closed_on: date | None
    version: int


class IncidentFiltersIn(PageParams):
    start: date | None = Field(None, description="Reported on or after this day.")
    end: date | None = Field(None, description="Reported on or before this day.")
    kind: IncidentKind | None = None
    product_id: int | None = None
    rep_id: int | None = None
    owner_id: int | None = None
    status: IncidentStatus | None = None
    order_id: int | None = None


class IncidentCreateIn(Schema):
    order_id: int
    kind: IncidentKind
    description: str
    delivery_id: int | None = None
    product_id: int | None = None
    cost: Decimal = Decimal(0)
    currency: str = Field("", max_length=3, description="The order's currency by default.")
    owner_id: int | None = Field(None, description="Who owns it until closed; you by default.")
    reported_on: date | None = None


class IncidentResolveIn(Schema):
    resolution: IncidentResolution
    note: str = ""
    version: int


class IncidentCountOut(Schema):
    key: str
    label: str
    count: int
    open: int


# --- helpers ------------------------------------------------------------------------------------


def _one(queryset: Any, pk: int | None, *, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _person(user: User, pk: int | None, field: str) -> User | None:
    return _one(
        visible_to(user, User).filter(is_active=True), pk, field=field, message=_("Choose an active person.")
    )


def _line_inputs(user: User, lines: list[OrderLineIn]) -> list[services.OrderLineInput]:
    products = visible_to(user, Product).in_bulk([line.product_id for line in lines if line.product_id])
    missing = {
        f"lines[{index}].product": [_("Choose a product you can see.")]
        for index, line in enumerate(lines)
        if line.product_id and line.product_id not in products
    }
    if missing:
        raise ValidationError(missing)
    return [
        services.OrderLineInput(
            product=products.get(line.product_id) if line.product_id else None,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
        )
        for line in lines
    ]


def _order_out(user: User, pk: int) -> Order:
    return selectors.order_get(user=user, pk=pk)


def _deliveries(user: User) -> Any:
    return visible_to(user, Delivery).prefetch_related(
        Prefetch("items", queryset=DeliveryItem.objects.order_by("pk"))
    )


# --- orders -------------------------------------------------------------------------------------


@router.get("/orders", response=Page[OrderOut], summary="Orders and quotes you may see")
def orders(request: HttpRequest, filters: Query[OrderFiltersIn]) -> dict[str, object]:
    user = request_user(request)
    rows = selectors.order_list(
        user=user,
        filters=selectors.OrderFilters(
            status=filters.status or "",
            owner_id=filters.owner_id,
            account_id=filters.account_id,
            date_from=filters.quoted_from,
            date_to=filters.quoted_to,
            search=filters.q.strip(),
        ),
    ).prefetch_related("lines")
    return paginate(rows, ordering=["-quoted_on"], params=filters)


@router.post("/orders", response={201: OrderOut}, summary="Create a quote")
def order_add(request: HttpRequest, payload: OrderCreateIn) -> Status[Order]:
    user = request_user(request)
    account = _one(
        visible_to(user, Account),
        payload.account_id,
        field="account",
        message=_("Choose an account you can see."),
    )
    if account is None:  # account_id is required; this only satisfies the type checker
        raise ValidationError({"account": _("Choose an account you can see.")})
    order = services.order_create(
        created_by=user,
        account=account,
        currency=payload.currency,
        lines=_line_inputs(user, payload.lines),
        owner=_person(user, payload.owner_id, "owner"),
        contact=_one(
            visible_to(user, Contact),
            payload.contact_id,
            field="contact",
            message=_("Choose a contact you can see."),
        ),
        opportunity=_one(
            visible_to(user, Opportunity),
            payload.opportunity_id,
            field="opportunity",
            message=_("Choose an opportunity you can see."),
        ),
        price_list=_one(
            visible_to(user, PriceList),
            payload.price_list_id,
            field="price_list",
            message=_("Choose a price list of your business unit."),
        ),
        quoted_on=payload.quoted_on,
        notes=payload.notes,
    )
    return Status(201, _order_out(user, order.pk))


@router.get("/orders/{order_id}", response=OrderOut, summary="One order with its lines")
def order_detail(request: HttpRequest, order_id: int) -> Order:
    return _order_out(request_user(request), order_id)


@router.patch("/orders/{order_id}", response=OrderOut, summary="Change an order (its lines while a quote)")
def order_change(request: HttpRequest, order_id: int, payload: OrderUpdateIn) -> Order:
    user = request_user(request)
    order = selectors.order_get(user=user, pk=order_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "lines"})
    if "contact_id" in changes:
        changes["contact"] = _one(
            Contact.objects.filter(account=order.account_id),
            changes.pop("contact_id"),
            field="contact",
            message=_("Choose a contact of the order's account."),
        )
    if "opportunity_id" in changes:
        changes["opportunity"] = _one(
            visible_to(user, Opportunity),
            changes.pop("opportunity_id"),
            field="opportunity",
            message=_("Choose an opportunity you can see."),
        )
    if "owner_id" in changes:
        changes["owner"] = _person(user, changes.pop("owner_id"), "owner")
    if "notes" in changes and changes["notes"] is None:
        changes["notes"] = ""
    for required in ("owner", "quoted_on"):
        if required in changes and changes[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    with transaction.atomic():
        expected = payload.version
        if changes:
            services.order_update(order=order, updated_by=user, expected_version=expected, **changes)
            expected = order.version
        if payload.lines is not None:
            services.order_replace_lines(
                order=order,
                updated_by=user,
                expected_version=expected,
                lines=_line_inputs(user, payload.lines),
                price_list=order.price_list,
            )
        if not changes and payload.lines is None and expected != order.version:
            # Nothing to change still tells a client its copy is stale.
            services.order_update(order=order, updated_by=user, expected_version=expected)
    return _order_out(user, order.pk)


@router.post("/orders/{order_id}/transition", response=OrderOut, summary="Move an order to another status")
def order_transition(request: HttpRequest, order_id: int, payload: TransitionIn) -> Order:
    user = request_user(request)
    order = selectors.order_get(user=user, pk=order_id)
    if payload.to_status == OrderStatus.FOLLOWED_UP:
        services.order_followed_up(order=order, by=user, expected_version=payload.version, note=payload.note)
    else:
        services.order_transition(
            order=order,
            to_status=payload.to_status,
            by=user,
            expected_version=payload.version,
            on=payload.on,
            note=payload.note,
        )
    return _order_out(user, order.pk)


# --- deliveries ---------------------------------------------------------------------------------


@router.get("/orders/{order_id}/deliveries", response=list[DeliveryOut], summary="Deliveries of an order")
def deliveries(request: HttpRequest, order_id: int) -> list[Delivery]:
    user = request_user(request)
    order = selectors.order_get(user=user, pk=order_id)
    return list(_deliveries(user).filter(order=order).order_by("pk"))


@router.post("/orders/{order_id}/deliveries", response={201: DeliveryOut}, summary="Plan a delivery")
def delivery_add(request: HttpRequest, order_id: int, payload: DeliveryCreateIn) -> Status[Delivery]:
    user = request_user(request)
    order = selectors.order_get(user=user, pk=order_id)
    lines = order.lines.in_bulk([item.order_line_id for item in payload.items])
    unknown = {
        f"items[{index}].order_line": [_("Choose a line of this order.")]
        for index, item in enumerate(payload.items)
        if item.order_line_id not in lines
    }
    if unknown:
        raise ValidationError(unknown)
    delivery = services.delivery_create(
        order=order,
        by=user,
        items=[(lines[item.order_line_id], item.quantity) for item in payload.items],
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
        planned_on=payload.planned_on,
        from_location=_one(
            visible_to(user, StockLocation),
            payload.from_location_id,
            field="from_location",
            message=_("Choose a stock location of your business unit."),
        ),
    )
    return Status(201, _deliveries(user).get(pk=delivery.pk))


def _delivery_step(request: HttpRequest, delivery_id: int, payload: TrackingIn, *, deliver: bool) -> Delivery:
    user = request_user(request)
    delivery = selectors.delivery_get(user=user, pk=delivery_id)
    tracking = {"carrier": payload.carrier, "tracking_number": payload.tracking_number}
    if deliver:
        services.delivery_mark_delivered(delivery=delivery, by=user, delivered_on=payload.on, **tracking)
    else:
        services.delivery_ship(delivery=delivery, by=user, shipped_on=payload.on, **tracking)
    return _deliveries(user).get(pk=delivery.pk)


@router.post("/deliveries/{delivery_id}/ship", response=DeliveryOut, summary="The goods left")
def delivery_ship(request: HttpRequest, delivery_id: int, payload: TrackingIn) -> Delivery:
    return _delivery_step(request, delivery_id, payload, deliver=False)


@router.post(
    "/deliveries/{delivery_id}/deliver",
    response=DeliveryOut,
    summary="The customer has the goods (moves stock; the order is delivered when every line is)",
)
def delivery_deliver(request: HttpRequest, delivery_id: int, payload: TrackingIn) -> Delivery:
    return _delivery_step(request, delivery_id, payload, deliver=True)


# --- incidents ----------------------------------------------------------------------------------


@router.get("/incidents", response=Page[IncidentOut], summary="Delivery incidents you may see")
def incidents(request: HttpRequest, filters: Query[IncidentFiltersIn]) -> dict[str, object]:
    rows = selectors.incident_list(
        user=request_user(request),
        filters=selectors.IncidentFilters(
            start=filters.start,
            end=filters.end,
            kind=filters.kind or "",
            product_id=filters.product_id,
            rep_id=filters.rep_id,
            owner_id=filters.owner_id,
            status=filters.status or "",
            order_id=filters.order_id,
        ),
    )
    return paginate(rows, ordering=["-reported_on"], params=filters)


@router.get("/incidents/counts", response=list[IncidentCountOut], summary="Incident counts for a period")
def incident_counts(
    request: HttpRequest,
    group_by: Literal["kind", "product", "rep"] = "kind",
    start: date | None = None,
    end: date | None = None,
) -> list[selectors.IncidentCount]:
    return selectors.incident_counts(user=request_user(request), start=start, end=end, group_by=group_by)


@router.post("/incidents", response={201: IncidentOut}, summary="Report an incident")
def incident_add(request: HttpRequest, payload: IncidentCreateIn) -> Status[Incident]:
    user = request_user(request)
    order = selectors.order_get(user=user, pk=payload.order_id)
    incident = services.incident_report(
        order=order,
        by=user,
        kind=payload.kind,
        description=payload.description,
        delivery=_one(
            Delivery.objects.filter(order=order),
            payload.delivery_id,
            field="delivery",
            message=_("Choose a delivery of this order."),
        ),
        product=_one(
            visible_to(user, Product),
            payload.product_id,
            field="product",
            message=_("Choose a product on this order."),
        ),
        cost=payload.cost,
        currency=payload.currency,
        owner=_person(user, payload.owner_id, "owner"),
        reported_on=payload.reported_on,
    )
    return Status(201, incident)


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One incident")
def incident_detail(request: HttpRequest, incident_id: int) -> Incident:
    return selectors.incident_get(user=request_user(request), pk=incident_id)


@router.post(
    "/incidents/{incident_id}/resolve", response=IncidentOut, summary="Resolve and close an incident"
)
def incident_resolve(request: HttpRequest, incident_id: int, payload: IncidentResolveIn) -> Incident:
    user = request_user(request)
    incident = selectors.incident_get(user=user, pk=incident_id)
    return services.incident_resolve(
        incident=incident,
        resolution=payload.resolution,
        note=payload.note,
        by=user,
        expected_version=payload.version,
    )
