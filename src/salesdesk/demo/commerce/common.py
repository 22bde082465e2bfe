"""What the commerce loaders share: who does what in the demo company, and its records in key order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from salesdesk.catalog.models import Product
from salesdesk.customers.models import Account
from salesdesk.demo.customers.common import users_of
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import Department, User

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext

COORDINATOR = "giulia.rossi"
REP = "anna.schmidt"
STAFF = "li.wei"
FINANCE = "emma.clark"


def sellers(ctx: DemoContext) -> list[User]:
    """The named reps first (the personas' data must be there), then the crowd, in key order."""
    named = [user for user in users_of(ctx).values() if user.has_role(Role.SALES_REP)]
    named.sort(key=lambda user: (user.username != REP, user.pk))
    return named


def departments_of(ctx: DemoContext) -> dict[str, Department]:
    if not ctx.departments:
        ctx.departments = {
            department.kind: department
            for department in Department.objects.filter(business_unit=ctx.business_unit)
        }
    return ctx.departments


def products_by_sku(ctx: DemoContext) -> dict[str, Product]:
    return {
        product.sku: product
        for product in Product.objects.filter(business_unit=ctx.business_unit).order_by("pk")
    }


def accounts_by_owner(ctx: DemoContext) -> dict[int, list[Account]]:
    """Each rep's live accounts, in key order: orders and contracts go to the rep who owns the account."""
    by_owner: dict[int, list[Account]] = {}
    accounts = Account.objects.filter(owner__business_unit=ctx.business_unit, merged_into__isnull=True)
    for account in accounts.order_by("pk"):
        by_owner.setdefault(account.owner_id, []).append(account)
    return by_owner


def month_start(day: date, months_back: int = 0) -> date:
    """The first day of the month `months_back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return month_start(day, -1) - timedelta(days=1)


def staff_for(ctx: DemoContext, kind: str) -> User:
    """Who works a department's queue in the demo: the department staff persona for design and web,
    the coordinator for the others (coordinators may work any queue of their unit)."""
    users = users_of(ctx)
    if kind in (DepartmentKind.DESIGN, DepartmentKind.WEB):
        return users[STAFF]
    return users[COORDINATOR]
