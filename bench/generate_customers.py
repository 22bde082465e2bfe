"""Fill a PostgreSQL database with a large, realistic customer base for the list and search benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchlists .venv/bin/salesdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchlists \
        .venv/bin/python bench/generate_customers.py --accounts 100000 --contacts-per-account 10 --seed 1

One business unit ("Bench") with a manager, a coordinator and --reps sales reps reporting to the manager
(users made through org.services.user_create, so roles and reporting paths are real). Accounts are spread
evenly over the reps, each account has --contacts-per-account contacts, each contact one e-mail and one
phone. Names are German, Italian, Chinese, Bulgarian and English. The derived columns are computed by the
same functions the services use (customers.normalize: domain_of, normalize_vat_id, display_name,
normalize_email, normalize_phone); a sample of every derived value is checked against them.

Rows go in with COPY (psycopg). The secondary indexes of the three tables are dropped first and rebuilt
from their own definitions afterwards (faster than maintaining them row by row), then ANALYZE. Foreign key
triggers are off during the load (session_replication_role = replica): the generator makes consistent ids
itself. No history (simple-history) rows are written: the benchmarks read current rows only.
Deterministic for a given --seed. Refuses to run on a database that already holds accounts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

GERMAN_FIRST = ["Anna", "Jürgen", "Lukas", "Sophie", "Matthias", "Katrin", "Björn", "Jörg", "Uwe", "Lena"]
GERMAN_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Größer", "Becker", "Hoffmann", "Schäfer"]
ITALIAN_FIRST = ["Giulia", "Niccolò", "Chiara", "Marco", "Francesca", "Lorenzo", "Alessandro", "Beatrice"]
ITALIAN_LAST = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"]
CHINESE_FIRST = ["芳", "伟", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇"]
CHINESE_LAST = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
BULGARIAN_FIRST = ["Иван", "Мария", "Георги", "Петър", "Елена", "Димитър", "Николай", "Радка", "Стоян"]
BULGARIAN_LAST = ["Петров", "Иванов", "Георгиев", "Димитров", "Стоянов", "Николов", "Тодоров", "Колев"]
ENGLISH_FIRST = ["James", "Olivia", "William", "Emily", "Thomas", "Charlotte", "George", "Amelia", "Harry"]
ENGLISH_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans"]

# Latin spellings for e-mail addresses (what people actually use for Chinese and Bulgarian names).
LATIN = {
    "芳": "fang", "伟": "wei", "娜": "na", "秀英": "xiuying", "敏": "min", "静": "jing", "丽": "li",
    "强": "qiang", "磊": "lei", "洋": "yang", "艳": "yan", "勇": "yong", "王": "wang", "李": "li",
    "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang", "赵": "zhao", "吴": "wu",
    "周": "zhou", "Иван": "ivan", "Мария": "maria", "Георги": "georgi", "Петър": "petar", "Елена": "elena",
    "Димитър": "dimitar", "Николай": "nikolay", "Радка": "radka", "Стоян": "stoyan", "Петров": "petrov",
    "Иванов": "ivanov", "Георгиев": "georgiev", "Димитров": "dimitrov", "Стоянов": "stoyanov",
    "Николов": "nikolov", "Тодоров": "todorov", "Колев": "kolev",
}  # fmt: skip
_GERMAN_ASCII = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae"})

# (country, language, first names, last names, company words, legal forms, TLD, phone prefix, national length)
CULTURES = [
    ("DE", "de", GERMAN_FIRST, GERMAN_LAST, ["Maschinenbau", "Logistik", "Bäckerei", "Elektrotechnik",
     "Möbelwerk", "Druckerei", "Software"], ["GmbH", "AG", "KG", "GmbH & Co. KG"], "de", "49", 10),
    ("IT", "it", ITALIAN_FIRST, ITALIAN_LAST, ["Costruzioni", "Tessile", "Alimentari", "Meccanica",
     "Arredamenti", "Trasporti", "Vini"], ["S.r.l.", "S.p.A.", "S.n.c."], "it", "39", 10),
    ("CN", "zh", CHINESE_FIRST, CHINESE_LAST, ["电子", "贸易", "机械", "纺织", "科技", "物流", "食品"],
     ["有限公司", "股份有限公司"], "cn", "86", 11),
    ("BG", "bg", BULGARIAN_FIRST, BULGARIAN_LAST, ["Строй", "Транс", "Агро", "Текстил", "Софт", "Мебели"],
     ["ЕООД", "ООД", "АД"], "bg", "359", 9),
    ("GB", "en", ENGLISH_FIRST, ENGLISH_LAST, ["Engineering", "Logistics", "Foods", "Textiles", "Software",
     "Printing", "Furniture"], ["Ltd", "PLC", "LLP"], "co.uk", "44", 10),
]  # fmt: skip
CITIES = {
    "DE": ["Berlin", "München", "Köln", "Düsseldorf", "Nürnberg"],
    "IT": ["Milano", "Torino", "Napoli", "Firenze", "Bologna"],
    "CN": ["上海", "深圳", "北京", "广州", "杭州"],
    "BG": ["София", "Пловдив", "Варна", "Бургас", "Русе"],
    "GB": ["London", "Leeds", "Bristol", "Manchester", "Glasgow"],
}
TITLES = ["Einkaufsleiter", "Direttore acquisti", "采购经理", "Управител", "Head of Purchasing", "CEO", ""]
INDUSTRIES = ["Manufacturing", "Retail", "Wholesale", "Food", "Technology", "Construction", "Logistics"]
SIZES = ["micro", "small", "medium", "large", ""]


def ascii_handle(name: str) -> str:
    if name in LATIN:
        return LATIN[name]
    return name.translate(_GERMAN_ASCII).replace("ò", "o").replace("ß", "ss").lower()


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesdesk.config.settings.local")
    os.environ.setdefault("SALESDESK_DEBUG", "0")
    import django

    django.setup()


def _copy(cursor: object, table: str, columns: list[str], rows: Iterator[tuple[object, ...]]) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--contacts-per-account", type=int, default=10)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _setup_django()

    from django.db import connection, transaction

    from salesdesk.customers.models import Account
    from salesdesk.customers.normalize import (
        display_name,
        domain_of,
        normalize_email,
        normalize_phone,
        normalize_vat_id,
    )
    from salesdesk.org.choices import Role
    from salesdesk.org.models import BusinessUnit
    from salesdesk.org.services import user_create

    if connection.vendor != "postgresql":
        sys.exit("This generator needs PostgreSQL (set DATABASE_URL).")
    if Account.objects.exists():
        sys.exit("The database already holds accounts; generate into a freshly migrated database.")

    rng = random.Random(args.seed)
    started = time.perf_counter()
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    with transaction.atomic():
        unit = BusinessUnit.objects.create(name="Bench", code="BENCH")
        manager = user_create(
            username="bench-manager", email="manager@bench.example", password=None,
            full_name="Katrin Weiß", roles=[Role.MANAGER], business_unit=unit,
        )  # fmt: skip
        user_create(
            username="bench-coordinator", email="coordinator@bench.example", password=None,
            full_name="Giulia Bianchi", roles=[Role.COORDINATOR], business_unit=unit,
        )  # fmt: skip
        rep_ids = [
            user_create(
                username=f"bench-rep-{n:03d}", email=f"rep{n:03d}@bench.example", password=None,
                full_name=f"Rep {n:03d}", roles=[Role.SALES_REP], business_unit=unit, manager=manager,
            ).pk
            for n in range(1, args.reps + 1)
        ]  # fmt: skip
    print(f"users: {args.reps + 2} in {time.perf_counter() - started:.1f} s")

    tables = ["customers_account", "customers_contact", "customers_contactpoint"]
    samples: list[tuple[str, str, str]] = []  # (kind, value, normalized as generated) checked at the end

    def accounts() -> Iterator[tuple[object, ...]]:
        for pk in range(1, args.accounts + 1):
            country, language, _first, last, words, forms, tld, _prefix, _length = rng.choice(CULTURES)
            family = rng.choice(last)
            word = rng.choice(words)
            form = rng.choice(forms)
            if country == "CN":
                name = f"{rng.choice(CITIES['CN'])}{family}氏{word}{form}"
                handle = f"{ascii_handle(family)}{pk}"
            else:
                name = f"{family} {word} {form}"
                handle = f"{ascii_handle(family)}-{ascii_handle(word) if country != 'BG' else 'firma'}{pk}"
            website = f"https://www.{handle}.{tld}/" if rng.random() < 0.9 else ""
            vat_id = (
                f"{country if country != 'GB' else 'GB'} {rng.randrange(10**8, 10**9)}"
                if rng.random() < 0.8
                else ""
            )
            yield (
                pk, now, now, 1, name, name if rng.random() < 0.5 else "", vat_id, normalize_vat_id(vat_id),
                "", rng.choice(INDUSTRIES), rng.choice(SIZES), website, domain_of(website), country, language,
                "active", None, rng.random() < 0.0005, "", None, rep_ids[(pk - 1) % len(rep_ids)], None, None,
                None,
            )  # fmt: skip

    account_columns = [
        "id", "created_at", "updated_at", "version", "name", "legal_name", "vat_id", "vat_id_normalized",
        "tax_id", "industry", "size", "website", "domain", "country", "language", "status", "customer_since",
        "is_shared", "notes", "merged_into_id", "owner_id", "parent_id", "teed_up_by_id", "territory_id",
    ]  # fmt: skip
    contact_columns = [
        "id", "created_at", "updated_at", "version", "first_name", "last_name", "full_name", "salutation",
        "title", "language", "country", "birthday", "is_shared", "notes", "account_id", "merged_into_id",
        "owner_id", "teed_up_by_id",
    ]  # fmt: skip
    point_columns = [
        "id", "created_at", "updated_at", "kind", "label", "value", "normalized", "street", "postal_code",
        "city", "region", "country", "is_primary", "status", "status_reason", "status_changed_at",
        "account_id", "contact_id", "status_changed_by_id",
    ]  # fmt: skip

    points: list[tuple[object, ...]] = []

    def contacts() -> Iterator[tuple[object, ...]]:
        pk = 0
        point_pk = 0
        for account_pk in range(1, args.accounts + 1):
            owner = rep_ids[(account_pk - 1) % len(rep_ids)]
            for _n in range(args.contacts_per_account):
                pk += 1
                country, language, first_names, last_names, _w, _f, tld, prefix, length = rng.choice(CULTURES)
                first, last = rng.choice(first_names), rng.choice(last_names)
                local = f"{ascii_handle(first)}.{ascii_handle(last)}{pk}"
                email = f"{local.title() if rng.random() < 0.3 else local}@example-{account_pk}.{tld}"
                national = str(rng.randrange(10 ** (length - 1), 10**length))
                if country == "BG":
                    national = "8" + national[1:]  # a mobile-like number that parses as possible
                phone = f"+{prefix} {national[:3]} {national[3:]}"
                point_pk += 2
                email_normalized = email.lower()
                phone_normalized = f"+{prefix}{national}"
                if pk % 997 == 1:
                    samples.append(("email", email, email_normalized))
                    samples.append(("phone", phone, phone_normalized))
                points.append(
                    (point_pk - 1, now, now, "email", "work", email, email_normalized, "", "", "", "", "",
                     True, "unverified", "", None, None, pk, None)
                )  # fmt: skip
                points.append(
                    (point_pk, now, now, "phone", "mobile", phone, phone_normalized, "", "", "", "", "",
                     True, "unverified", "", None, None, pk, None)
                )  # fmt: skip
                yield (
                    pk, now, now, 1, first, last, display_name(first, last), "", rng.choice(TITLES), language,
                    country, None, False, "", account_pk, None, owner, None,
                )  # fmt: skip

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [tables],
        )
        index_definitions = cursor.fetchall()
        phase = time.perf_counter()
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for name, _definition in index_definitions:
                cursor.execute(f'DROP INDEX "{name}"')
            account_count = _copy(cursor, "customers_account", account_columns, accounts())
            contact_count = _copy(cursor, "customers_contact", contact_columns, contacts())
            point_count = _copy(cursor, "customers_contactpoint", point_columns, iter(points))
            print(
                f"COPY: {account_count:,} accounts, {contact_count:,} contacts, "
                f"{point_count:,} contact points in {time.perf_counter() - phase:.1f} s"
            )
            points.clear()
            phase = time.perf_counter()
            for _name, definition in index_definitions:
                cursor.execute(definition)
            print(f"indexes: {len(index_definitions)} rebuilt in {time.perf_counter() - phase:.1f} s")
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        phase = time.perf_counter()
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")  # the people and roles too: the planner joins them in every scope
        print(f"VACUUM ANALYZE in {time.perf_counter() - phase:.1f} s")

    for kind, value, generated in samples:
        expected = normalize_email(value) if kind == "email" else normalize_phone(value)
        if expected != generated:
            sys.exit(
                f"derived value differs from the service's: {value!r} -> {generated!r}, not {expected!r}"
            )
    print(f"checked {len(samples)} derived values against customers.normalize")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
