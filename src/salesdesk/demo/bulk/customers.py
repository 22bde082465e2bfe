"""The bulk customer base: accounts spread evenly over the crowd of reps, each with its contacts, and
every contact with a work e-mail and a mobile number.

Derived columns hold what the customers services would compute (customers.normalize: display_name,
domain_of, normalize_vat_id; e-mails lower-cased, phones in E.164), so searches and duplicate checks
behave as on hand-made rows. Accounts fall into the demo territory of their country.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salesdesk.customers.normalize import display_name, domain_of, normalize_vat_id
from salesdesk.demo.bulk.context import BulkContext
from salesdesk.demo.bulk.copying import Advance, copy_chunks, next_id
from salesdesk.demo.bulk.names import COMPANY_SIZES, CULTURES, INDUSTRIES, Culture, ascii_handle
from salesdesk.demo.bulk.sizes import BulkSizes
from salesdesk.demo.bulk.textformat import NULL

TABLES = ("customers_account", "customers_contact", "customers_contactpoint")
ACCOUNT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "name", "legal_name", "vat_id", "vat_id_normalized",
    "tax_id", "industry", "size", "website", "domain", "country", "language", "status", "customer_since",
    "is_shared", "notes", "merged_into_id", "owner_id", "parent_id", "teed_up_by_id", "territory_id",
)  # fmt: skip
CONTACT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "first_name", "last_name", "full_name", "salutation",
    "title", "language", "country", "birthday", "is_shared", "notes", "account_id", "merged_into_id",
    "owner_id", "teed_up_by_id",
)  # fmt: skip
POINT_COLUMNS = (
    "id", "created_at", "updated_at", "kind", "label", "value", "normalized", "street", "postal_code",
    "city", "region", "country", "is_primary", "status", "status_reason", "status_changed_at",
    "account_id", "contact_id", "status_changed_by_id",
)  # fmt: skip
ACCOUNTS_PER_CHUNK = 2_000
# Accounts became customers up to eight years ago; contacts were added with their account.
HISTORY_DAYS = 8 * 365


def counted_rows(sizes: BulkSizes) -> int:
    """Rows the progress bar counts: accounts, contacts and their two contact points each."""
    return sizes.accounts * (1 + 3 * sizes.contacts_per_account)


def load_customers(ctx: BulkContext, cursor: Any, advance: Advance) -> dict[str, int]:
    """COPY the accounts, contacts and contact points; records the layout in `ctx` for later phases."""
    ctx.first_account_id = next_id(cursor, TABLES[0])
    ctx.first_contact_id = next_id(cursor, TABLES[1])
    created = plan_accounts(ctx)
    counts = {
        "accounts": copy_chunks(cursor, TABLES[0], ACCOUNT_COLUMNS, account_rows(ctx, created), advance)
    }
    counts["contacts"] = counts["contact points"] = 0
    first_point = next_id(cursor, TABLES[2])
    for contacts, points in contact_rows(ctx, created, first_point):
        counts["contacts"] += copy_chunks(cursor, TABLES[1], CONTACT_COLUMNS, [contacts], advance)
        counts["contact points"] += copy_chunks(cursor, TABLES[2], POINT_COLUMNS, [points], advance)
    return counts


def plan_accounts(ctx: BulkContext) -> list[str]:
    """Fix each account's culture in `ctx` (the later phases follow it); returns the creation moments
    the accounts take turns with."""
    rng = ctx.rng("customers")
    ctx.account_cultures = bytearray(rng.randrange(len(CULTURES)) for _n in range(ctx.sizes.accounts))
    return [ctx.days.moment(ctx.today.toordinal() - rng.randrange(HISTORY_DAYS), 0) for _n in range(1000)]


def account_rows(ctx: BulkContext, created: list[str]) -> Iterator[list[str]]:
    rng = ctx.rng("accounts")
    reps, cultures, territories = ctx.rep_ids, ctx.account_cultures, ctx.territory_ids
    chunk: list[str] = []
    for index in range(ctx.sizes.accounts):
        pk = ctx.first_account_id + index
        culture = CULTURES[cultures[index]]
        family, word = rng.choice(culture.last_names), rng.choice(culture.company_words)
        form = rng.choice(culture.legal_forms)
        if culture.country == "CN":
            name = f"{rng.choice(culture.cities)}{family}氏{word}{form}"
            handle = f"{ascii_handle(family)}{pk}"
        else:
            name = f"{family} {word} {form}"
            second = "firma" if culture.country == "BG" else ascii_handle(word)
            handle = f"{ascii_handle(family)}-{second}{pk}"
        website = f"https://www.{handle}.{culture.tld}/" if rng.random() < 0.9 else ""
        vat_id = f"{culture.country} {rng.randrange(10**8, 10**9)}" if rng.random() < 0.8 else ""
        stamp = created[index % len(created)]
        since = stamp[:10] if rng.random() < 0.7 else NULL
        territory = territories.get(culture.territory, NULL)
        chunk.append(
            f"{pk}\t{stamp}\t{stamp}\t1\t{name}\t{name if rng.random() < 0.5 else ''}\t{vat_id}\t"
            f"{normalize_vat_id(vat_id)}\t\t{rng.choice(INDUSTRIES)}\t{rng.choice(COMPANY_SIZES)}\t{website}\t"
            f"{domain_of(website)}\t{culture.country}\t{culture.language}\tactive\t{since}\t"
            f"{'t' if rng.random() < 0.0005 else 'f'}\t\t{NULL}\t{reps[index % len(reps)]}\t{NULL}\t{NULL}\t"
            f"{territory}\n"
        )
        if len(chunk) == ACCOUNTS_PER_CHUNK * 5:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def contact_rows(
    ctx: BulkContext, created: list[str], first_point: int
) -> Iterator[tuple[list[str], list[str]]]:
    """(contacts, their contact points) of ACCOUNTS_PER_CHUNK accounts at a time."""
    rng = ctx.rng("contacts")
    reps, per_account = ctx.rep_ids, ctx.sizes.contacts_per_account
    names = _NameCache()
    contacts: list[str] = []
    points: list[str] = []
    pk, point = ctx.first_contact_id, first_point
    for index in range(ctx.sizes.accounts):
        account = ctx.first_account_id + index
        owner = reps[index % len(reps)]
        stamp = created[index % len(created)]
        # Most contacts share their company's culture; some are from elsewhere.
        home = CULTURES[ctx.account_cultures[index]]
        for _n in range(per_account):
            culture = home if rng.random() < 0.8 else rng.choice(CULTURES)
            first, last = rng.choice(culture.first_names), rng.choice(culture.last_names)
            full_name, local = names.get(first, last)
            local = f"{local}{pk}"
            email = f"{local.title() if rng.random() < 0.3 else local}@example-{account}.{culture.tld}"
            national, phone = _phone(
                culture, rng.randrange(10 ** (culture.phone_digits - 1), 10**culture.phone_digits)
            )
            contacts.append(
                f"{pk}\t{stamp}\t{stamp}\t1\t{first}\t{last}\t{full_name}\t\t{rng.choice(culture.titles)}\t"
                f"{culture.language}\t{culture.country}\t{NULL}\tf\t\t{account}\t{NULL}\t{owner}\t{NULL}\n"
            )
            points.append(
                f"{point}\t{stamp}\t{stamp}\temail\twork\t{email}\t{email.lower()}\t\t\t\t\t\tt\tunverified\t\t"
                f"{NULL}\t{NULL}\t{pk}\t{NULL}\n"
            )
            points.append(
                f"{point + 1}\t{stamp}\t{stamp}\tphone\tmobile\t{phone}\t+{culture.phone_prefix}{national}"
                f"\t\t\t\t\t\tt\tunverified\t\t{NULL}\t{NULL}\t{pk}\t{NULL}\n"
            )
            pk += 1
            point += 2
        if (index + 1) % ACCOUNTS_PER_CHUNK == 0:
            yield contacts, points
            contacts, points = [], []
    if contacts:
        yield contacts, points


def _phone(culture: Culture, number: int) -> tuple[str, str]:
    """(national number, as written) of a mobile-like number that parses as valid."""
    national = str(number)
    if culture.country == "BG":
        national = "8" + national[1:]
    return national, f"+{culture.phone_prefix} {national[:3]} {national[3:]}"


class _NameCache:
    """(display name, e-mail local part) per first and last name: the pools are small."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, str], tuple[str, str]] = {}

    def get(self, first: str, last: str) -> tuple[str, str]:
        found = self._names.get((first, last))
        if found is None:
            found = self._names[(first, last)] = (
                display_name(first, last),
                f"{ascii_handle(first)}.{ascii_handle(last)}",
            )
        return found
