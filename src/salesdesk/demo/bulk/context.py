"""What the phases of a bulk load share: the demo's people, departments and catalogue, and the layout
of the generated accounts (which rep owns which, from which culture)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from salesdesk.demo.bulk.sizes import BulkSizes
from salesdesk.demo.bulk.textformat import Days
from salesdesk.org.models import BusinessUnit, User


@dataclass(frozen=True)
class WorkProduct:
    """A product of the contracts with the work it implies: (department kind, action, title, days)."""

    pk: int
    name: str
    billing: str
    price_cents: int  # in euros
    work: tuple[tuple[str, str, str, int], ...]


@dataclass(frozen=True)
class OrderProduct:
    pk: int
    name: str
    price_cents: int  # in euros


@dataclass
class BulkContext:
    sizes: BulkSizes
    seed: int
    today: date
    unit: BusinessUnit
    admin: User
    coordinator: User
    rep_ids: list[int]  # the crowd, in username order; account i belongs to rep_ids[i % len(rep_ids)]
    ical_rep_id: int
    password_hash: str
    department_ids: dict[str, int] = field(default_factory=dict)
    staff_ids: dict[str, list[int]] = field(default_factory=dict)
    territory_ids: dict[str, int] = field(default_factory=dict)
    price_list_ids: dict[tuple[str, int], int] = field(default_factory=dict)  # (currency, year)
    work_products: list[WorkProduct] = field(default_factory=list)
    order_products: list[OrderProduct] = field(default_factory=list)
    # Filled by the customers phase: ids of the first generated account and contact, and each
    # account's culture (an index into names.CULTURES).
    first_account_id: int = 0
    first_contact_id: int = 0
    account_cultures: bytearray = field(default_factory=bytearray)
    days: Days = field(init=False)

    def __post_init__(self) -> None:
        # Contracts reach six years back (three of end dates, up to three of term) and three ahead.
        self.days = Days(self.today - timedelta(days=366 * 9), self.today + timedelta(days=366 * 5))

    def rng(self, phase: str) -> random.Random:
        """Each phase draws from its own stream, so changing one phase leaves the others' rows alone."""
        return random.Random(f"{self.seed}:{phase}")

    def accounts_of(self, rep_index: int) -> int:
        """How many generated accounts the crowd rep at `rep_index` owns."""
        reps = len(self.rep_ids)
        return (self.sizes.accounts - rep_index + reps - 1) // reps

    def account_index(self, rep_index: int, nth: int) -> int:
        """The index (not id) of the rep's `nth` account."""
        return rep_index + nth * len(self.rep_ids)
