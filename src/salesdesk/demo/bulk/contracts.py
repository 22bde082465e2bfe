"""Bulk contracts with their lines and deliverables.

End dates spread evenly over the years of history before and after today (terms of 6 to 36 months);
what ended is signed, renewed or terminated, what runs is signed (a few drafts and cancellations).
Contract values equal the sum of their lines. Every contract but a draft has its deliverables, routed to
the departments its products imply and due between its start and end, in every status: what was due
long ago is mostly done (with evidence and who confirmed it), a little still open (overdue); what is due
soon is open or in progress; work of contracts that ended early is cancelled.

The calendar-feed rep (personas.BENCH_ICAL_REP) owns exactly `ical_contracts` contracts, all ending
within the next year, and has `ical_deliverables` open deliverables of colleagues' contracts assigned.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from salesdesk.demo.bulk.context import BulkContext
from salesdesk.demo.bulk.copying import Advance, copy_chunks, next_id, uncounted
from salesdesk.demo.bulk.sizes import BulkSizes
from salesdesk.demo.bulk.textformat import NULL, money

TABLES = ("contracts_contract", "contracts_contractline", "contracts_deliverable")
CONTRACT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "number", "title", "status", "start_on", "end_on",
    "auto_renew", "notice_days", "renewal_months", "value", "currency", "signed_on", "signed_document",
    "notes", "account_id", "contact_id", "opportunity_id", "owner_id", "price_list_id",
    "renewal_opportunity_id", "renewed_from_id", "signed_by_id",
)  # fmt: skip
LINE_COLUMNS = (
    "id", "position", "description", "quantity", "list_price", "unit_price", "discount_percent",
    "net_amount", "billing", "issues", "target_url", "notes", "contract_id", "product_id",
)  # fmt: skip
DELIVERABLE_COLUMNS = (
    "id", "created_at", "updated_at", "action", "title", "detail", "due_on", "status", "evidence_note",
    "evidence_link", "evidence_reference", "evidence_file", "completed_at", "escalated_at", "assignee_id",
    "confirmed_by_id", "contract_id", "department_id", "line_id",
)  # fmt: skip
# (currency, units per euro × 100); euros weigh three times.
CURRENCIES = (("EUR", 100), ("EUR", 100), ("EUR", 100), ("USD", 108), ("CNY", 780), ("BGN", 196))
TITLES = (
    "Media package {y}",
    "Trade fair {y}",
    "Annual advertising {y}",
    "Web campaign {y}",
    "Catalogue {y}",
)
TERMS_MONTHS = (12, 12, 12, 12, 6, 24, 36)
QUANTITIES = (1, 1, 2, 3, 4, 12)
DISCOUNTS = (0, 0, 0, 5, 10, 20, 100)
NOTE = "Placed as agreed"
EVIDENCE_LINK = "https://proof.salesdesk.example/d/"
PER_CHUNK = 10_000


def counted_rows(sizes: BulkSizes) -> int:
    """Rows the progress bar counts: contracts and their lines (deliverables are known only after)."""
    return sizes.contracts * (1 + sizes.lines_per_contract)


def load_contracts(ctx: BulkContext, cursor: Any, advance: Advance) -> dict[str, int]:
    counts = {"contracts": 0, "contract lines": 0, "deliverables": 0}
    firsts = [next_id(cursor, table) for table in TABLES]
    for contracts, lines, deliverables in contract_rows(ctx, *firsts):
        counts["contracts"] += copy_chunks(cursor, TABLES[0], CONTRACT_COLUMNS, [contracts], advance)
        counts["contract lines"] += copy_chunks(cursor, TABLES[1], LINE_COLUMNS, [lines], advance)
        counts["deliverables"] += copy_chunks(
            cursor, TABLES[2], DELIVERABLE_COLUMNS, [deliverables], uncounted
        )
    return counts


def _work_table(ctx: BulkContext) -> list[list[tuple[str, str, int, int, list[int]]]]:
    """Per product and deliverable number: (action, title, due offset in days, department, its staff).
    A contract's deliverables take turns over its lines, and each line cycles through its work."""
    lines, per_contract = ctx.sizes.lines_per_contract, ctx.sizes.deliverables_per_contract
    table = []
    for product in ctx.work_products:
        entries = []
        for number in range(per_contract):
            repeat, which = divmod(number // lines, len(product.work))
            kind, action, title, offset = product.work[which]
            label = f"{title} ({repeat + 1})" if repeat else title
            entries.append(
                (action, label, offset + 30 * repeat, ctx.department_ids[kind], ctx.staff_ids[kind])
            )
        table.append(entries)
    return table


def contract_rows(
    ctx: BulkContext, first_contract: int, first_line: int, first_deliverable: int
) -> Iterator[tuple[list[str], list[str], list[str]]]:
    rng = ctx.rng("contracts")
    sizes, day = ctx.sizes, ctx.days.text
    today = ctx.today.toordinal()
    span = 365 * sizes.years
    ical_index = ctx.rep_ids.index(ctx.ical_rep_id)
    others = [index for index in range(len(ctx.rep_ids)) if index != ical_index]
    products, work = ctx.work_products, _work_table(ctx)
    lines_per, per_contract = sizes.lines_per_contract, sizes.deliverables_per_contract
    ical_left = sizes.ical_deliverables
    contracts: list[str] = []
    lines: list[str] = []
    deliverables: list[str] = []
    line_pk, deliverable_pk = first_line, first_deliverable
    for index in range(sizes.contracts):
        pk = first_contract + index
        if index < sizes.ical_contracts:
            rep = ical_index
            end = today + rng.randint(1, 365)
        else:
            rep = others[index % len(others)]
            end = today + rng.randint(-span, span)
        owner = ctx.rep_ids[rep]
        account_index = ctx.account_index(rep, rng.randrange(ctx.accounts_of(rep)))
        start = end - rng.choice(TERMS_MONTHS) * 365 // 12 + 1
        chance = rng.random()
        if end < today:
            status = "signed" if chance < 0.6 else "renewed" if chance < 0.85 else "terminated"
        else:
            status = "signed" if chance < 0.975 else "draft" if chance < 0.995 else "cancelled"
        currency, rate = rng.choice(CURRENCIES)
        value = 0
        first_line_of_contract = line_pk
        chosen = []
        for position in range(lines_per):
            product_index = rng.randrange(len(products))
            product = products[product_index]
            quantity, discount = rng.choice(QUANTITIES), rng.choice(DISCOUNTS)
            unit = product.price_cents * rate // 100
            net = quantity * unit * (100 - discount) // 100
            value += net
            chosen.append(product_index)
            lines.append(
                f"{line_pk}\t{position}\t{product.name}\t{quantity}.000\t{money(unit)}\t{money(unit)}\t"
                f"{discount}.00\t{money(net)}\t{product.billing}\t[]\t\t\t{pk}\t{product.pk}\n"
            )
            line_pk += 1
        signed = status != "draft"
        created = f"{day[start - 45]} 09:00:00+00"
        year = day[start][:4]
        price_list = ctx.price_list_ids.get((currency, int(year)), NULL)
        contact = ctx.first_contact_id + account_index * sizes.contacts_per_account
        contracts.append(
            f"{pk}\t{created}\t{created}\t1\tBC-{pk:08d}\t{TITLES[index % len(TITLES)].format(y=year)}\t"
            f"{status}\t{day[start]}\t{day[end]}\t{'t' if index % 3 == 0 else 'f'}\t"
            f"{(30, 60, 90)[index % 3]}\t"
            f"12\t{money(value)}\t{currency}\t{day[start - rng.randint(3, 40)] if signed else NULL}\t\t\t"
            f"{ctx.first_account_id + account_index}\t{contact if sizes.contacts_per_account else NULL}\t"
            f"{NULL}\t{owner}\t{price_list}\t{NULL}\t{NULL}\t{owner if signed else NULL}\n"
        )
        if signed:
            ended_early = status in ("terminated", "cancelled")
            colleagues = rep != ical_index
            created = f"{day[start - 40]} 09:00:00+00"
            for number in range(per_contract):
                line = number % lines_per
                action, title, offset, department, staff = work[chosen[line]][number]
                due = min(end, max(start, start + offset))
                chance = rng.random()
                if ended_early and due > end - 60:
                    state = "cancelled"
                elif due < today - 30:
                    state = (
                        "done"
                        if chance < 0.96
                        else "cancelled"
                        if chance < 0.98
                        else "open"
                        if chance < 0.995
                        else "in_progress"
                    )
                elif due < today:
                    state = "done" if chance < 0.6 else "in_progress" if chance < 0.8 else "open"
                elif due < today + 14:
                    state = "open" if chance < 0.6 else "in_progress" if chance < 0.9 else "done"
                else:
                    state = "open" if chance < 0.92 else "in_progress" if chance < 0.97 else "done"
                assignee: object = NULL
                confirmed: object = NULL
                completed = NULL
                note = link = reference = ""
                if state == "done":
                    assignee = confirmed = rng.choice(staff)
                    completed = f"{day[due - rng.randint(0, 5)]} 15:30:00+00"
                    note, link = NOTE, f"{EVIDENCE_LINK}{deliverable_pk}"
                    reference = f"{day[due][5:7]}/{day[due][:4]}"
                elif state == "in_progress" or (state == "open" and chance < 0.2):
                    assignee = rng.choice(staff)
                if ical_left and state == "open" and colleagues and today <= due < today + 180:
                    assignee = ctx.ical_rep_id
                    ical_left -= 1
                deliverables.append(
                    f"{deliverable_pk}\t{created}\t{created}\t{action}\t{title}\t\t{day[due]}\t{state}\t{note}\t"
                    f"{link}\t{reference}\t\t{completed}\t{NULL}\t{assignee}\t{confirmed}\t{pk}\t{department}\t"
                    f"{first_line_of_contract + line}\n"
                )
                deliverable_pk += 1
        if len(contracts) == PER_CHUNK:
            yield contracts, lines, deliverables
            contracts, lines, deliverables = [], [], []
    if contracts:
        yield contracts, lines, deliverables


def ical_window(today: date) -> tuple[date, date]:
    """The days within which the calendar-feed rep's own contracts end."""
    return date.fromordinal(today.toordinal() + 1), date.fromordinal(today.toordinal() + 365)
