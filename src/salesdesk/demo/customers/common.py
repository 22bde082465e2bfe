"""Small generators shared by the customer-base loaders: names, numbers, addresses, moments."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Model
from django.utils import timezone

from salesdesk.demo.customers.data import (
    BATCH,
    City,
    Country,
    Word,
)
from salesdesk.org.models import User

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext


def record_history(model: type[Model], records: Sequence[Model], *, by: User | None = None) -> None:
    """The first history version of bulk-created records, dated when each was created.

    bulk_create skips simple-history, and pages that show a record's history expect its first version.
    """
    for record in records:
        record._history_date = record.created_at  # type: ignore[attr-defined]
    model.history.bulk_history_create(records, batch_size=BATCH, default_user=by)  # type: ignore[attr-defined]


def random_digits(rng: random.Random, count: int, *, leading_zero: bool = True) -> str:
    first = str(rng.randint(0, 9) if leading_zero else rng.randint(2, 6))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


def phone_number(
    rng: random.Random, country: Country, *, mobile: bool, city: City | None = None
) -> tuple[str, str]:
    """A valid number for the country: (as people write it, E.164)."""
    if mobile:
        area, count = rng.choice(country.mobiles)
        fixed = "5550" if country.code == "US" else ""
        count = 3 if country.code == "US" else count
    else:
        city = city or country.cities[0]
        area, fixed, count = city.area, city.fixed, city.digits
    subscriber = fixed + random_digits(rng, count, leading_zero=bool(fixed))
    return f"+{country.calling_code} {area} {subscriber}", f"+{country.calling_code}{area}{subscriber}"


def vat_ids(rng: random.Random, country: Country, number: int) -> tuple[str, str]:
    """(VAT id, tax number) as the country writes them; unique per `number`."""
    serial = (number * 7919 + 104_729) % 10**9
    if country.code == "IT":
        return f"IT{serial:09d}{rng.randint(10, 99)}", ""
    if country.code == "CN":
        code = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(3))
        return f"91310115MA{serial:09d}{code}"[:18], ""
    if country.code == "US":
        return "", f"{serial // 10**7:02d}-{serial % 10**7:07d}"
    return f"{country.code}{serial:09d}", ""


def street_line(country: Country, street: str, number: int) -> str:
    """Street and house number in the country's order: Torstraße 12, 12 Baker Street, 世纪大道12号."""
    if country.code == "CN":
        return f"{street}{number}号"
    if country.code in ("GB", "US"):
        return f"{number} {street}"
    return f"{street} {number}"


def address_line(country: Country, city: City, street: str, number: int) -> str:
    if country.code == "CN":
        return f"{city.postal_code} {city.name}{street}{number}号"
    if country.code == "US":
        return f"{number} {street}, {city.name}, {city.region} {city.postal_code}"
    if country.code == "GB":
        return f"{number} {street}, {city.name} {city.postal_code}"
    return f"{street} {number}, {city.postal_code} {city.name}"


def person_name(rng: random.Random, country: Country) -> tuple[str, str, str, str]:
    """(given name, family name, e-mail local part, salutation) in the country's script."""
    given, given_ascii, gender = rng.choice(country.given)
    family = rng.choice(country.family)
    last, last_ascii = family.native, family.ascii
    if country.code == "BG" and gender == "f":
        last, last_ascii = f"{last}а", f"{last_ascii}a"
    local = f"{last_ascii}.{given_ascii}" if country.code == "CN" else f"{given_ascii}.{last_ascii}"
    salutation = country.salutations[0 if gender == "f" else 1]
    return given, last, local, salutation


@dataclass(frozen=True)
class CompanyName:
    name: str
    slug: str
    industry: str
    city: City


def company_name(rng: random.Random, country: Country, prefix: Word, sector: Word) -> CompanyName:
    form = rng.choice(country.legal_forms)
    if country.code == "CN":
        city = rng.choice(country.cities)
        name = f"{city.name.removesuffix('市')}{prefix.native}{sector.native}{form}"
        slug = f"{prefix.ascii}-{sector.ascii}"
    else:
        city = rng.choice(country.cities)
        name = f"{prefix.native} {sector.native} {form}"
        slug = f"{prefix.ascii}-{sector.ascii}"
    return CompanyName(name=name, slug=slug, industry=sector.industry, city=city)


def curated_companies(rng: random.Random, country: Country) -> list[CompanyName]:
    pairs = [(prefix, sector) for prefix in country.prefixes for sector in country.sectors]
    rng.shuffle(pairs)
    chosen: list[tuple[Word, Word]] = []
    used_prefixes: set[str] = set()
    for prefix, sector in pairs:
        if prefix.native in used_prefixes and len(used_prefixes) < len(country.prefixes):
            continue
        used_prefixes.add(prefix.native)
        chosen.append((prefix, sector))
        if len(chosen) == country.curated:
            break
    return [company_name(rng, country, prefix, sector) for prefix, sector in chosen]


def users_of(ctx: DemoContext) -> dict[str, User]:
    if ctx.users:
        return ctx.users
    return {user.username: user for user in User.objects.filter(business_unit=ctx.business_unit)}


def batches[T](items: Iterator[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def unique_local(local: str, seen: set[str]) -> str:
    """An e-mail local part not used yet at the same company (anna.mueller, anna.mueller2)."""
    candidate, number = local, 1
    while candidate in seen:
        number += 1
        candidate = f"{local}{number}"
    seen.add(candidate)
    return candidate


def moment_at(rng: random.Random, days_ago: float) -> datetime:
    """A moment during office hours about `days_ago` days ago (negative: in the future)."""
    day = timezone.localdate() - timedelta(days=int(days_ago))
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.choice((0, 15, 30, 45)),
        tzinfo=timezone.get_current_timezone(),
    )
