"""Bulk orders and order lines over the years of history before today.

One to seven lines an order; 85 % of the orders go ahead (delivered and invoiced as far as their dates
have come), 10 % are cancelled, 5 % stay quotes. Orders are in EUR (80 %), USD or GBP, priced at the
product's euro price converted at the currency's usual rate (the rollups convert back at the day's
rate). Order totals equal the sum of their lines; each order belongs to the rep who owns its account and
falls in the account's territory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salesdesk.demo.bulk.catalogue import ORDER_RATE_CENTRES, TAX_RATE
from salesdesk.demo.bulk.context import BulkContext
from salesdesk.demo.bulk.copying import Advance, copy_chunks, next_id, uncounted
from salesdesk.demo.bulk.names import CULTURES
from salesdesk.demo.bulk.textformat import NULL, money

TABLES = ("orders_order", "orders_orderline")
ORDER_COLUMNS = (
    "id", "created_at", "updated_at", "version", "number", "account_id", "contact_id", "owner_id",
    "opportunity_id", "contract_id", "territory_id", "status", "currency", "price_list_id", "quoted_on",
    "ordered_on", "delivered_on", "invoiced_on", "net_total", "tax_total", "gross_total", "notes",
)  # fmt: skip
LINE_COLUMNS = (
    "id", "order_id", "position", "product_id", "description", "quantity", "unit_price",
    "discount_percent", "tax_rate", "net_amount", "tax_amount",
)  # fmt: skip
CURRENCIES = ("EUR",) * 8 + ("USD", "GBP")
QUANTITIES = (1, 1, 2, 3, 5, 10)
DISCOUNTS = (0, 0, 0, 5, 10)
PER_CHUNK = 25_000

# (net cents, tax cents, the line's text from the product on), one per product, quantity and discount.
Choice = tuple[int, int, str]


def _line_choices(ctx: BulkContext) -> dict[str, list[Choice]]:
    """Every line an order can have, per currency, computed once: millions of lines pick from these."""
    rates = {"EUR": 1.0, **ORDER_RATE_CENTRES}
    choices: dict[str, list[Choice]] = {}
    for currency in set(CURRENCIES):
        choices[currency] = []
        for product in ctx.order_products:
            price = round(product.price_cents * rates[currency])
            for quantity in QUANTITIES:
                for discount in DISCOUNTS:
                    net = quantity * price * (100 - discount) // 100
                    tax = net * TAX_RATE // 100
                    text = (
                        f"{product.pk}\t{product.name}\t{quantity}\t{money(price)}\t{discount}\t{TAX_RATE}\t"
                        f"{money(net)}\t{money(tax)}\n"
                    )
                    choices[currency].append((net, tax, text))
    return choices


def load_orders(ctx: BulkContext, cursor: Any, advance: Advance) -> dict[str, int]:
    counts = {"orders": 0, "order lines": 0}
    for orders, lines in order_rows(ctx, next_id(cursor, TABLES[0]), next_id(cursor, TABLES[1])):
        counts["orders"] += copy_chunks(cursor, TABLES[0], ORDER_COLUMNS, [orders], uncounted)
        counts["order lines"] += copy_chunks(cursor, TABLES[1], LINE_COLUMNS, [lines], advance)
    return counts


def order_rows(ctx: BulkContext, first_order: int, first_line: int) -> Iterator[tuple[list[str], list[str]]]:
    rng = ctx.rng("orders")
    day = ctx.days.text
    choices = _line_choices(ctx)
    today = ctx.today.toordinal()
    first = today - 365 * ctx.sizes.years
    span = today - first
    reps, per_account = ctx.rep_ids, ctx.sizes.contacts_per_account
    territory_of = [ctx.territory_ids.get(culture.territory, NULL) for culture in CULTURES]
    orders: list[str] = []
    lines: list[str] = []
    line_pk, pk = first_line, first_order
    left = ctx.sizes.order_lines
    while left:
        rep = pk % len(reps)
        account_index = ctx.account_index(rep, rng.randrange(ctx.accounts_of(rep)))
        quoted = first + rng.randrange(span)
        ordered = quoted + rng.randrange(1, 10)
        delivered = ordered + rng.randrange(3, 20)
        invoiced = delivered + rng.randrange(0, 5)
        fate = rng.random()
        ordered_on = delivered_on = invoiced_on = NULL
        if fate < 0.05 or ordered > today:
            status = "quote"
        elif fate < 0.15:
            status = "cancelled"
            ordered_on = day[ordered]
        else:
            ordered_on = day[ordered]
            status = "ordered"
            if delivered <= today:
                status, delivered_on = "delivered", day[delivered]
                if invoiced <= today:
                    status, invoiced_on = "followed_up", day[invoiced]
        currency = rng.choice(CURRENCIES)
        count = min(rng.randint(1, 7), left)
        left -= count
        net = tax = 0
        for position, (line_net, line_tax, text) in enumerate(rng.choices(choices[currency], k=count), 1):
            net += line_net
            tax += line_tax
            lines.append(f"{line_pk}\t{pk}\t{position}\t{text}")
            line_pk += 1
        contact = (
            ctx.first_contact_id + account_index * per_account + rng.randrange(per_account)
            if per_account
            else NULL
        )
        stamp = f"{day[quoted]} 09:00:00+00"
        orders.append(
            f"{pk}\t{stamp}\t{stamp}\t1\tBO-{pk:09d}\t{ctx.first_account_id + account_index}\t{contact}\t"
            f"{reps[rep]}\t{NULL}\t{NULL}\t{territory_of[ctx.account_cultures[account_index]]}\t{status}\t"
            f"{currency}\t{NULL}\t{day[quoted]}\t{ordered_on}\t{delivered_on}\t{invoiced_on}\t{money(net)}\t"
            f"{money(tax)}\t{money(net + tax)}\t\n"
        )
        pk += 1
        if len(orders) == PER_CHUNK:
            yield orders, lines
            orders, lines = [], []
    if orders:
        yield orders, lines
