"""Fill a PostgreSQL database with contracts, their lines and deliverables for the contracts benchmarks.

    createdb -h 127.0.0.1 -U postgres sd_benchcontracts
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchcontracts .venv/bin/salesdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchcontracts \
        .venv/bin/python bench/generate_contracts.py --contracts 1000000 \
        --deliverables-per-contract 5 --seed 1

Accounts and reps come from bench/generate_customers.py: when the database holds no accounts yet, it is run
first with --accounts (100,000) and no contacts. On top of them (through the ORM, a few rows): the
departments that receive work (design, web, trade fairs, logistics, finance) with three staff each plus
`bench-staff-design` (the queue benchmark's staffer, design only), `bench-finance`, a catalogue of five
products whose implied deliverables go to those departments, a price list per currency, and
`bench-rep-ical`, the rep of the calendar-feed benchmark, who owns --ical-contracts contracts ending
within the next year and has --ical-deliverables open deliverables of colleagues' contracts assigned.

Then with COPY (psycopg `cursor.copy`, text format written in large chunks): --contracts contracts whose
end dates are spread evenly over six years around today (three back, three ahead; terms of 6 to 36
months), --lines-per-contract lines each, and --deliverables-per-contract deliverables per signed
contract, routed to the departments the products imply, due between the contract's start and end, in
every status: what was due long ago is mostly done (with evidence and who confirmed it), a little is
still open (overdue); what is due soon is open or in progress. Drafts (2%) have no deliverables yet.
Contract values equal the sum of their lines.

The secondary indexes of the three tables are dropped first and rebuilt from their own definitions
afterwards, then VACUUM ANALYZE. Foreign key triggers are off during the load (session_replication_role
= replica): the generator makes consistent ids itself. No history (simple-history) rows are written: the
benchmarks read current rows only. Deterministic for a given --seed and --today. Refuses to run on a
database that already holds contracts.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

TABLES = ["contracts_contract", "contracts_contractline", "contracts_deliverable"]
CONTRACT_COLUMNS = [
    "id", "created_at", "updated_at", "version", "number", "title", "status", "start_on", "end_on",
    "auto_renew", "notice_days", "renewal_months", "value", "currency", "signed_on", "signed_document",
    "notes", "account_id", "contact_id", "opportunity_id", "owner_id", "price_list_id",
    "renewal_opportunity_id", "renewed_from_id", "signed_by_id",
]  # fmt: skip
LINE_COLUMNS = [
    "id", "position", "description", "quantity", "list_price", "unit_price", "discount_percent",
    "net_amount", "billing", "issues", "target_url", "notes", "contract_id", "product_id",
]  # fmt: skip
DELIVERABLE_COLUMNS = [
    "id", "created_at", "updated_at", "action", "title", "detail", "due_on", "status", "evidence_note",
    "evidence_link", "evidence_reference", "evidence_file", "completed_at", "escalated_at", "assignee_id",
    "confirmed_by_id", "contract_id", "department_id", "line_id",
]  # fmt: skip

# (sku, name, unit, billing, EUR price in cents, implied work: (department kind, action, title, days))
PRODUCTS = [
    ("BENCH-AD", "Full-page print advert", "issue", "per_issue", 480_000, [
        ("design", "produce", "Produce the advert artwork", -14),
        ("design", "place_in_issues", "Place the advert in the issue", 0),
    ]),
    ("BENCH-BANNER", "Web banner (4 weeks)", "month", "monthly", 120_000, [
        ("web", "put_live", "Put the banner live", 0),
        ("design", "produce", "Design the banner", -7),
    ]),
    ("BENCH-STAND", "Trade-show stand", "sqm", "one_off", 35_000, [
        ("fairs", "produce", "Build the stand", -10),
        ("logistics", "ship", "Ship the stand to the fair", -3),
        ("finance", "invoice_discounted", "Invoice the discounted stand", 0),
    ]),
    ("BENCH-BROCHURE", "Brochures (1,000)", "package", "one_off", 90_000, [
        ("design", "produce", "Lay out the brochure", -21),
        ("logistics", "ship", "Ship the brochures", 0),
    ]),
    ("BENCH-WEB", "Landing page", "piece", "one_off", 250_000, [
        ("web", "produce", "Build the landing page", -5),
    ]),
]  # fmt: skip
WORK_DEPARTMENTS = ["design", "web", "fairs", "logistics", "finance"]
CURRENCIES = [("EUR", 100), ("EUR", 100), ("EUR", 100), ("USD", 108), ("CNY", 780), ("BGN", 196)]
TITLES = [
    "Media package {y}",
    "Trade fair {y}",
    "Annual advertising {y}",
    "Web campaign {y}",
    "Catalogue {y}",
]
TERMS_MONTHS = [12, 12, 12, 12, 6, 24, 36]
NOTE = "Placed as agreed"
EVIDENCE_LINK = "https://proof.bench.example/d/"


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesdesk.config.settings.local")
    os.environ.setdefault("SALESDESK_DEBUG", "0")
    import django

    django.setup()


def cents(amount: int) -> str:
    return f"{amount // 100}.{amount % 100:02d}"


class DayText:
    """ISO texts of days by ordinal, computed once each: formatting millions of dates is the slow part."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def __call__(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = date.fromordinal(ordinal).isoformat()
        return text


@dataclass
class Setup:
    """What the COPY phase needs from the rows made through the ORM."""

    rep_ids: list[int]
    accounts_by_rep: dict[int, list[int]]
    ical_rep_id: int
    department_ids: dict[str, int]
    staff_by_department: dict[str, list[int]]
    product_ids: list[int]
    price_list_ids: dict[str, int]


def ensure_accounts(*, accounts: int, reps: int, seed: int) -> None:
    """Reuse generate_customers.py for the accounts and reps (no contacts: the contracts need none)."""
    from salesdesk.customers.models import Account

    if Account.objects.exists():
        return
    script = Path(__file__).resolve().parent / "generate_customers.py"
    command = [sys.executable, str(script), "--accounts", str(accounts), "--contacts-per-account", "0"]
    command += ["--reps", str(reps), "--seed", str(seed)]
    print("no accounts yet:", " ".join(command[1:]), flush=True)
    subprocess.run(command, check=True)  # noqa: S603  # our own script, fixed arguments


def prepare(*, ical_contracts: int, today: date) -> Setup:
    """Departments, staff, the rep of the feed benchmark, the catalogue and price lists (the ORM way)."""
    from django.db import transaction

    from salesdesk.catalog.models import DeliverableTemplate, PriceList, PriceListItem, Product
    from salesdesk.customers.models import Account
    from salesdesk.org.choices import Role
    from salesdesk.org.models import BusinessUnit, Department, User
    from salesdesk.org.services import user_create

    unit = BusinessUnit.objects.order_by("pk").first()
    if unit is None:
        sys.exit("No business unit: generate the customer base first.")
    manager = User.objects.filter(business_unit=unit, role_grants__role=Role.MANAGER).order_by("pk").first()
    with transaction.atomic():
        departments = {
            kind: Department.objects.get_or_create(
                business_unit=unit, kind=kind, defaults={"name": kind.title()}
            )[0]
            for kind in WORK_DEPARTMENTS
        }
        staff: dict[str, list[int]] = {}
        for kind, department in departments.items():
            staff[kind] = [
                user_create(
                    username=f"bench-staff-{kind}-{n}", email=f"staff-{kind}-{n}@bench.example",
                    password=None, full_name=f"{kind.title()} staff {n}", roles=[Role.DEPARTMENT_STAFF],
                    business_unit=unit, departments=[department],
                ).pk
                for n in range(1, 4)
            ]  # fmt: skip
        staff["design"].append(
            user_create(
                username="bench-staff-design", email="staff-design@bench.example", password=None,
                full_name="Lena Gestaltung", roles=[Role.DEPARTMENT_STAFF], business_unit=unit,
                departments=[departments["design"]],
            ).pk
        )  # fmt: skip
        user_create(
            username="bench-finance", email="finance@bench.example", password=None, full_name="Emma Ledger",
            roles=[Role.FINANCE], business_unit=unit, departments=[departments["finance"]],
        )  # fmt: skip
        ical_rep = user_create(
            username="bench-rep-ical", email="rep-ical@bench.example", password=None,
            full_name="Ida Kalender", roles=[Role.SALES_REP], business_unit=unit, manager=manager,
        )  # fmt: skip
        price_lists = {
            currency: PriceList.objects.create(
                business_unit=unit, name=f"Bench {currency}", currency=currency,
                valid_from=today.replace(year=today.year - 8, month=1, day=1),
            )
            for currency, _rate in dict(CURRENCIES).items()
        }  # fmt: skip
        rates = dict(CURRENCIES)
        product_ids = []
        for sku, name, unit_code, _billing, price, work in PRODUCTS:
            product = Product.objects.create(
                business_unit=unit, sku=sku, name=name, kind="advertising", unit=unit_code,
                tax_rate=19, is_active=True,
            )  # fmt: skip
            product_ids.append(product.pk)
            DeliverableTemplate.objects.bulk_create(
                DeliverableTemplate(
                    product=product, department_kind=kind, action=action, title=title, due_offset_days=days,
                    position=position,
                )
                for position, (kind, action, title, days) in enumerate(work)
            )  # fmt: skip
            PriceListItem.objects.bulk_create(
                PriceListItem(
                    price_list=price_list,
                    product=product,
                    unit_price=Decimal(price * rates[cur] // 100) / 100,
                )
                for cur, price_list in price_lists.items()
            )
    rep_ids = list(
        User.objects.filter(business_unit=unit, role_grants__role=Role.SALES_REP)
        .exclude(pk=ical_rep.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    accounts_by_rep: dict[int, list[int]] = {pk: [] for pk in rep_ids}
    for account_id, owner_id in Account.objects.order_by("pk").values_list("pk", "owner_id"):
        if owner_id in accounts_by_rep:
            accounts_by_rep[owner_id].append(account_id)
    rep_ids = [pk for pk in rep_ids if accounts_by_rep[pk]]
    if not rep_ids:
        sys.exit("No rep owns an account: generate the customer base first.")
    # The feed benchmark's rep takes over the first rep's accounts' namesakes: any account will do.
    accounts_by_rep[ical_rep.pk] = accounts_by_rep[rep_ids[0]][: max(1, ical_contracts // 10)]
    return Setup(
        rep_ids=rep_ids,
        accounts_by_rep=accounts_by_rep,
        ical_rep_id=ical_rep.pk,
        department_ids={kind: department.pk for kind, department in departments.items()},
        staff_by_department=staff,
        product_ids=product_ids,
        price_list_ids={currency: price_list.pk for currency, price_list in price_lists.items()},
    )


@dataclass
class Plan:
    """Per contract, the few numbers the three COPY passes share (compact arrays, not objects)."""

    owner: array[int]
    start: array[int]  # ordinals
    end: array[int]
    status: array[int]  # index into STATUSES
    currency: array[int]  # index into CURRENCIES
    line_product: array[int]  # index into PRODUCTS, per line
    line_quantity: array[int]
    line_discount: array[int]  # percent


STATUSES = ["signed", "renewed", "terminated", "draft", "cancelled"]
SIGNED, RENEWED, TERMINATED, DRAFT, CANCELLED = range(5)


def plan_contracts(
    rng: random.Random, setup: Setup, *, contracts: int, lines: int, today: int, ical_contracts: int
) -> Plan:
    plan = Plan(*(array("q") for _n in range(8)))
    reps = setup.rep_ids
    span = 3 * 365
    for number in range(contracts):
        if number < ical_contracts:
            owner = setup.ical_rep_id
            end = today + rng.randint(-30, 365)
        else:
            owner = reps[number % len(reps)]
            end = today + rng.randint(-span, span)
        start = end - rng.choice(TERMS_MONTHS) * 365 // 12 + 1
        chance = rng.random()
        if end < today:
            status = SIGNED if chance < 0.6 else RENEWED if chance < 0.85 else TERMINATED
        else:
            status = SIGNED if chance < 0.975 else DRAFT if chance < 0.995 else CANCELLED
        plan.owner.append(owner)
        plan.start.append(start)
        plan.end.append(end)
        plan.status.append(status)
        plan.currency.append(rng.randrange(len(CURRENCIES)))
        for _line in range(lines):
            plan.line_product.append(rng.randrange(len(PRODUCTS)))
            plan.line_quantity.append(rng.choice((1, 1, 2, 3, 4, 12)))
            plan.line_discount.append(rng.choice((0, 0, 0, 5, 10, 20, 100)))
    return plan


def line_amounts(plan: Plan, line: int, rate: int) -> tuple[int, int]:
    """(unit price, net amount) in cents of the currency."""
    unit = PRODUCTS[plan.line_product[line]][4] * rate // 100
    net = plan.line_quantity[line] * unit * (100 - plan.line_discount[line]) // 100
    return unit, net


def contract_rows(rng: random.Random, setup: Setup, plan: Plan, *, lines: int, day: DayText) -> Iterator[str]:
    accounts = setup.accounts_by_rep
    for index in range(len(plan.owner)):
        pk = index + 1
        owner, start, end, status = plan.owner[index], plan.start[index], plan.end[index], plan.status[index]
        currency, rate = CURRENCIES[plan.currency[index]]
        value = sum(line_amounts(plan, index * lines + n, rate)[1] for n in range(lines))
        signed = status != DRAFT
        signed_on = day(start - rng.randint(3, 40)) if signed else "\\N"
        created = f"{day(start - 45)} 09:00:00+00"
        account = rng.choice(accounts[owner])
        year = date.fromordinal(start).year
        title = TITLES[index % len(TITLES)].format(y=year)
        yield (
            f"{pk}\t{created}\t{created}\t1\tBC-{pk:07d}\t{title}\t{STATUSES[status]}\t{day(start)}\t"
            f"{day(end)}\t{'t' if index % 3 == 0 else 'f'}\t{(30, 60, 90)[index % 3]}\t12\t{cents(value)}\t"
            f"{currency}\t{signed_on}\t\t\t{account}\t\\N\t\\N\t{owner}\t"
            f"{setup.price_list_ids[currency]}\t\\N\t\\N\t{owner if signed else chr(92) + 'N'}\n"
        )


def line_rows(setup: Setup, plan: Plan, *, lines: int) -> Iterator[str]:
    for index in range(len(plan.owner)):
        _currency, rate = CURRENCIES[plan.currency[index]]
        for n in range(lines):
            line = index * lines + n
            _sku, name, _unit, billing, _price, _work = PRODUCTS[plan.line_product[line]]
            unit, net = line_amounts(plan, line, rate)
            yield (
                f"{line + 1}\t{n}\t{name}\t{plan.line_quantity[line]}.000\t{cents(unit)}\t{cents(unit)}\t"
                f"{plan.line_discount[line]}.00\t{cents(net)}\t{billing}\t[]\t\t\t{index + 1}\t"
                f"{setup.product_ids[plan.line_product[line]]}\n"
            )


# (due before today + days: [(chance below, status), ...]), the first band that fits.
STATUS_ODDS = [
    (-30, [(0.96, "done"), (0.98, "cancelled"), (0.995, "open"), (1.0, "in_progress")]),
    (0, [(0.6, "done"), (0.8, "in_progress"), (1.0, "open")]),
    (14, [(0.6, "open"), (0.9, "in_progress"), (1.0, "done")]),
    (10**9, [(0.92, "open"), (0.97, "in_progress"), (1.0, "done")]),
]


def deliverable_status(rng: random.Random, due: int, today: int) -> str:
    """Long past: kept (a little still open, i.e. overdue); near: in the works; ahead: open."""
    chance = rng.random()
    odds = next(band for before, band in STATUS_ODDS if due < today + before)
    for below, status in odds:
        if chance < below:
            return status
    return odds[-1][1]


def deliverable_rows(
    rng: random.Random,
    setup: Setup,
    plan: Plan,
    *,
    lines: int,
    per_contract: int,
    today: int,
    ical_deliverables: int,
    day: DayText,
) -> Iterator[str]:
    pk = 0
    ical_left = ical_deliverables
    departments, staff = setup.department_ids, setup.staff_by_department
    for index in range(len(plan.owner)):
        status_of_contract = plan.status[index]
        if status_of_contract == DRAFT:
            continue  # the deliverables are created when the contract is signed
        start, end = plan.start[index], plan.end[index]
        ended_early = status_of_contract in (TERMINATED, CANCELLED)
        for number in range(per_contract):
            line = index * lines + number % lines
            work = PRODUCTS[plan.line_product[line]][5]
            repeat, which = divmod(number // lines, len(work))
            kind, action, title, offset = work[which]
            due = min(end, start + offset + 30 * repeat)
            pk += 1
            cut_short = ended_early and due > end - 60
            status = "cancelled" if cut_short else deliverable_status(rng, due, today)
            assignee = confirmed = completed = "\\N"
            evidence_note = evidence_link = evidence_reference = ""
            if status == "in_progress" or (status == "open" and rng.random() < 0.2):
                assignee = str(rng.choice(staff[kind]))
            elif status == "done":
                assignee = confirmed = str(rng.choice(staff[kind]))
                completed = f"{day(due - rng.randint(0, 5))} 15:30:00+00"
                evidence_note, evidence_link = NOTE, f"{EVIDENCE_LINK}{pk}"
                evidence_reference = f"{(due % 12) + 1:02d}/{date.fromordinal(due).year}"
            colleagues = plan.owner[index] != setup.ical_rep_id
            if ical_left and status == "open" and today <= due < today + 180 and colleagues:
                assignee = str(setup.ical_rep_id)
                ical_left -= 1
            created = f"{day(start - 40)} 09:00:00+00"
            label = f"{title} ({repeat + 1})" if repeat else title
            yield (
                f"{pk}\t{created}\t{created}\t{action}\t{label}\t\t{day(due)}\t{status}\t{evidence_note}\t"
                f"{evidence_link}\t{evidence_reference}\t\t{completed}\t\\N\t{assignee}\t{confirmed}\t"
                f"{index + 1}\t{departments[kind]}\t{line + 1}\n"
            )


def copy_text(cursor: object, table: str, columns: list[str], rows: Iterator[str], chunk: int = 5000) -> int:
    """COPY in text format, writing many rows per call (one write_row per row is several times slower)."""
    count = 0
    buffer: list[str] = []
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            buffer.append(row)
            if len(buffer) == chunk:
                copy.write("".join(buffer))
                count += chunk
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))
            count += len(buffer)
    return count


def timed[T](label: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = action()
    print(f"{label} in {time.perf_counter() - started:.1f} s", flush=True)
    return result


def generate(
    *,
    contracts: int,
    per_contract: int,
    lines: int = 2,
    seed: int = 1,
    today: date,
    ical_contracts: int = 1500,
    ical_deliverables: int = 500,
    rebuild_indexes: bool = True,
) -> dict[str, int]:
    """Load into the default database (PostgreSQL); returns the row counts. The core of main()."""
    from django.db import connection, transaction

    rng = random.Random(seed)
    setup = timed(
        "departments, staff, catalogue", lambda: prepare(ical_contracts=ical_contracts, today=today)
    )
    day = DayText()
    today_ordinal = today.toordinal()
    plan = timed(
        f"plan of {contracts:,} contracts",
        lambda: plan_contracts(
            rng, setup, contracts=contracts, lines=lines, today=today_ordinal, ical_contracts=ical_contracts
        ),
    )
    counts: dict[str, int] = {}
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [TABLES],
        )
        index_definitions = cursor.fetchall() if rebuild_indexes else []
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for name, _definition in index_definitions:
                cursor.execute(f'DROP INDEX "{name}"')
            counts["contracts"] = timed(
                "COPY contracts",
                lambda: copy_text(
                    cursor, TABLES[0], CONTRACT_COLUMNS, contract_rows(rng, setup, plan, lines=lines, day=day)
                ),
            )
            counts["lines"] = timed(
                "COPY contract lines",
                lambda: copy_text(cursor, TABLES[1], LINE_COLUMNS, line_rows(setup, plan, lines=lines)),
            )
            counts["deliverables"] = timed(
                "COPY deliverables",
                lambda: copy_text(
                    cursor,
                    TABLES[2],
                    DELIVERABLE_COLUMNS,
                    deliverable_rows(
                        rng,
                        setup,
                        plan,
                        lines=lines,
                        per_contract=per_contract,
                        today=today_ordinal,
                        ical_deliverables=ical_deliverables,
                        day=day,
                    ),
                ),
            )

            def rebuild() -> None:
                for _name, definition in index_definitions:
                    cursor.execute(definition)

            timed(f"{len(index_definitions)} indexes rebuilt", rebuild)
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )

        def analyze() -> None:
            for table in TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("ANALYZE")

        if connection.in_atomic_block:
            cursor.execute("ANALYZE")  # inside a test's transaction VACUUM is not allowed
        else:
            timed("VACUUM ANALYZE", analyze)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--deliverables-per-contract", type=int, default=5)
    parser.add_argument("--lines-per-contract", type=int, default=2)
    parser.add_argument("--accounts", type=int, default=100_000, help="when the database has none yet")
    parser.add_argument("--reps", type=int, default=200, help="when the database has no accounts yet")
    parser.add_argument("--ical-contracts", type=int, default=1500)
    parser.add_argument("--ical-deliverables", type=int, default=500)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD; default today")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _setup_django()

    from django.db import connection
    from django.utils import timezone

    from salesdesk.contracts.models import Contract

    if connection.vendor != "postgresql":
        sys.exit("This generator needs PostgreSQL (set DATABASE_URL).")
    if Contract.objects.exists():
        sys.exit("The database already holds contracts; generate into a freshly migrated database.")
    started = time.perf_counter()
    ensure_accounts(accounts=args.accounts, reps=args.reps, seed=args.seed)
    counts = generate(
        contracts=args.contracts,
        per_contract=args.deliverables_per_contract,
        lines=args.lines_per_contract,
        seed=args.seed,
        today=args.today or timezone.localdate(),
        ical_contracts=args.ical_contracts,
        ical_deliverables=args.ical_deliverables,
    )
    print(", ".join(f"{count:,} {name}" for name, count in counts.items()))
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
