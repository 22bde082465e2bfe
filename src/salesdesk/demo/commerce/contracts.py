"""Demo contracts: seed 001's magazine contract, and for every named rep contracts in every situation,
signed through the contract services so their deliverables and billing entries are the real ones.

The departments have worked the deliverables as people would: what was due weeks ago is mostly done
(with evidence and who confirmed it), a few were cancelled, a few are still open (overdue); what is due
now is in progress. Contracts end next month and next quarter (the expiry calendar, digest and worklist
show them), one ended last month, one is a draft, one was cancelled and one terminated.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from salesdesk.catalog.models import Product
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.services import (
    ContractLineInput,
    contract_cancel,
    contract_create,
    contract_sign,
    contract_terminate,
    deliverable_cancel,
    deliverable_complete,
    deliverable_start,
)
from salesdesk.demo.commerce.common import (
    REP,
    accounts_by_owner,
    month_end,
    month_start,
    products_by_sku,
    sellers,
    staff_for,
)
from salesdesk.demo.commerce.data import (
    CONTRACT_TITLES,
    EVIDENCE,
    FAIR_STAND,
    PRICE_LIST_RATES,
    PRINT_ADVERT,
    WEB_BANNER,
)
from salesdesk.demo.customers.common import users_of
from salesdesk.orders.choices import BillingKind
from salesdesk.org.models import User

if TYPE_CHECKING:
    from salesdesk.customers.models import Account
    from salesdesk.demo.services import DemoContext

# (months from now the contract ends in, term in months, what becomes of it); one set per named rep.
SITUATIONS = (
    (1, 12, "signed"),  # ends next month: renewal talk now
    (2, 12, "signed"),  # ends next quarter
    (7, 12, "signed"),  # running, work due now
    (-1, 12, "signed"),  # ended last month
    (12, 12, "signed"),  # starts next month: its work is due now and soon
    (11, 12, "draft"),
)
# A few more for the rep persona and the coordinator's overview.
EXTRA = ((3, 24, "signed"), (5, 12, "cancelled"), (9, 12, "terminated"))


def demo_contracts(ctx: DemoContext) -> None:
    products = products_by_sku(ctx)
    by_owner = accounts_by_owner(ctx)
    _magazine_contract(ctx, products, by_owner[users_of(ctx)[REP].pk][0])
    for index, owner in enumerate(user for user in sellers(ctx) if user.username in users_of(ctx)):
        accounts = by_owner.get(owner.pk)
        if not accounts:
            continue
        situations = SITUATIONS + (EXTRA if owner.username == REP or index == 1 else ())
        for number, (ends_in, term, fate) in enumerate(situations):
            _contract(ctx, products, owner, accounts[(number + 1) % len(accounts)], ends_in, term, fate)


def _lines(rng: random.Random, products: dict[str, Product], start: date) -> list[ContractLineInput]:
    issues = [f"{month_start(start, -step):%Y-%m}" for step in (1, 3, 5)]
    return [
        ContractLineInput(
            product=products[PRINT_ADVERT],
            quantity=Decimal(3),
            billing=BillingKind.PER_ISSUE,
            issues=issues,
            discount_percent=Decimal(rng.choice((0, 5, 10))),
        ),
        ContractLineInput(
            product=products[rng.choice((WEB_BANNER, "NEWSLETTER"))],
            quantity=Decimal(rng.choice((3, 6))),
            billing=BillingKind.MONTHLY,
            target_url="https://www.example.com/campaign",
        ),
        *(
            [
                ContractLineInput(
                    product=products[FAIR_STAND],
                    quantity=Decimal(rng.choice((12, 18, 24))),
                    discount_percent=Decimal(rng.choice((10, 15, 20))),
                )
            ]
            if rng.random() < 0.6
            else []
        ),
    ]


def _magazine_contract(ctx: DemoContext, products: dict[str, Product], account: Account) -> Contract:
    """Seed 001: adverts in two issues, a free banner on the web site, a discounted trade-show stand."""
    users = users_of(ctx)
    rep, today = users[REP], ctx.today
    start = today - timedelta(days=20)
    first_issue, second_issue = month_start(today, -1), month_start(today, -3)
    contract = contract_create(
        created_by=rep,
        account=account,
        title=f"Anzeigen im Magazin {start.year}",
        start_on=start,
        end_on=month_end(month_start(start, -11)),
        currency="EUR",
        auto_renew=True,
        notice_days=60,
        lines=[
            ContractLineInput(
                product=products[PRINT_ADVERT],
                quantity=Decimal(2),
                billing=BillingKind.PER_ISSUE,
                issues=[f"{first_issue:%Y-%m}", f"{second_issue:%Y-%m}"],
            ),
            ContractLineInput(
                product=products[WEB_BANNER],
                quantity=Decimal(3),
                discount_percent=Decimal(100),
                target_url=f"https://{account.domain or 'www.example.com'}/",
                notes="Kostenlos zu den Printanzeigen.",
            ),
            ContractLineInput(
                product=products[FAIR_STAND],
                quantity=Decimal(16),
                discount_percent=Decimal(25),
                notes="Ausstellerrabatt mit dem Kunden vereinbart.",
            ),
        ],
        # Anna and her customer write German: the seed's example as they would type it.
        notes="Anzeigen in zwei Ausgaben, ein kostenloses Banner auf unserer Website und ein rabattierter "
        "Messestand.",
    )
    contract_sign(
        contract=contract,
        signed_by=rep,
        signed_on=start - timedelta(days=6),
        expected_version=contract.version,
    )
    for deliverable in _deliverables(contract):
        worker = staff_for(ctx, deliverable.department.kind)
        if deliverable.action == "put_live":
            deliverable_complete(
                deliverable=deliverable, by=worker, link=f"https://magazine.example/partners/{contract.pk}"
            )
        elif deliverable.action == "place_in_issues":
            deliverable_start(deliverable=deliverable, by=worker)
        elif deliverable.action == "invoice_discounted":
            deliverable_complete(
                deliverable=deliverable, by=worker, reference=f"INV-{start.year}-{contract.pk:05d}"
            )
    return contract


def _deliverables(contract: Contract) -> list[Deliverable]:
    return list(contract.deliverables.select_related("department").order_by("due_on", "pk"))


def _contract(
    ctx: DemoContext,
    products: dict[str, Product],
    owner: User,
    account: Account,
    ends_in: int,
    term: int,
    fate: str,
) -> Contract:
    rng, today = ctx.rng, ctx.today
    end = month_end(month_start(today, -ends_in)) - timedelta(days=rng.choice((0, 0, 14)))
    start = month_start(end, term - 1)
    titles = CONTRACT_TITLES.get(owner.language, CONTRACT_TITLES["en"])
    currency = owner.display_currency if owner.display_currency in PRICE_LIST_RATES else "EUR"
    contract = contract_create(
        created_by=owner,
        account=account,
        title=rng.choice(titles).format(year=start.year),
        start_on=start,
        end_on=end,
        currency=currency,
        auto_renew=rng.random() < 0.5,
        notice_days=rng.choice((30, 60, 90)),
        lines=_lines(rng, products, start),
    )
    if fate == "draft":
        return contract
    contract = contract_sign(
        contract=contract,
        signed_by=owner,
        signed_on=min(start - timedelta(days=rng.randint(3, 20)), today),
        expected_version=contract.version,
    )
    _work(ctx, contract)
    if fate == "cancelled":
        contract.refresh_from_db()
        contract_cancel(
            contract=contract,
            cancelled_by=owner,
            reason="The customer withdrew before the campaign started.",
            expected_version=contract.version,
        )
    elif fate == "terminated":
        contract.refresh_from_db()
        contract_terminate(
            contract=contract,
            terminated_by=owner,
            terminated_on=max(contract.start_on, today - timedelta(days=1)),
            reason="Ended early by mutual agreement.",
            expected_version=contract.version,
        )
    return contract


def _work(ctx: DemoContext, contract: Contract) -> None:
    """The departments' work so far: old promises mostly kept, some cancelled, a few overdue."""
    rng, today = ctx.rng, ctx.today
    for deliverable in _deliverables(contract):
        worker = staff_for(ctx, deliverable.department.kind)
        late = (today - deliverable.due_on).days
        chance = rng.random()
        if late > 14 and chance < 0.65:
            note, link, reference = EVIDENCE[deliverable.action]
            deliverable_complete(
                deliverable=deliverable,
                by=worker,
                note=note,
                link=link,
                reference=reference.format(issue=f"{deliverable.due_on:%m/%Y}", number=deliverable.pk),
            )
        elif late > 14 and chance < 0.75:
            deliverable_cancel(
                deliverable=deliverable, by=worker, reason="Dropped at the customer's request."
            )
        elif -10 <= late <= 14 and chance < 0.5:
            deliverable_start(deliverable=deliverable, by=worker)
        # the rest stays open: due later, or overdue and waiting
