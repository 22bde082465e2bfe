"""How much the bulk demo loads at each scale (medium is a tenth of large; tiny checks that it runs)."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class BulkSizes:
    """Row counts of one bulk load; the crowd of reps that owns it comes from the demo (CROWD_SIZE)."""

    accounts: int
    contacts_per_account: int
    opportunities: int
    contracts: int
    lines_per_contract: int
    deliverables_per_contract: int
    order_lines: int
    # Products the orders sell (in three categories), on top of the demo catalogue.
    order_products: int
    # The calendar-feed rep's own contracts ending within a year, and colleagues' work assigned to them.
    ical_contracts: int
    ical_deliverables: int
    # Years of order history before today (goals cover every fiscal year they touch).
    years: int = 3


def tiny_sizes(**overrides: int) -> BulkSizes:
    """A few hundred rows in the shape of the large load (the tiny scale, tests); any count can be set."""
    tiny = BulkSizes(
        accounts=40,
        contacts_per_account=3,
        opportunities=200,
        contracts=120,
        lines_per_contract=2,
        deliverables_per_contract=5,
        order_lines=600,
        order_products=6,
        ical_contracts=10,
        ical_deliverables=5,
    )
    return replace(tiny, **overrides)


SIZES: dict[str, BulkSizes] = {
    "tiny": tiny_sizes(),
    "large": BulkSizes(
        accounts=100_000,
        contacts_per_account=10,
        opportunities=1_000_000,
        contracts=1_000_000,
        lines_per_contract=2,
        deliverables_per_contract=5,
        order_lines=10_000_000,
        order_products=60,
        ical_contracts=1_500,
        ical_deliverables=500,
    ),
    "medium": BulkSizes(
        accounts=10_000,
        contacts_per_account=10,
        opportunities=100_000,
        contracts=100_000,
        lines_per_contract=2,
        deliverables_per_contract=5,
        order_lines=1_000_000,
        order_products=60,
        ical_contracts=150,
        ical_deliverables=50,
    ),
}
