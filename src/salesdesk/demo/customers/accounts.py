"""Demo accounts (with parents and look-alikes) and their contacts, including broken addresses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from salesdesk.customers.choices import (
    AccountStatus,
    ActivityKind,
    ActivityStatus,
    CallOutcome,
    CompanySize,
    ContactPointKind,
    ContactPointLabel,
    HygieneStatus,
)
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint, Segment
from salesdesk.customers.services import (
    account_create,
    contact_create,
    contact_point_add,
    contact_point_set_status,
)
from salesdesk.demo.customers.activities import SUBJECTS
from salesdesk.demo.customers.common import (
    address_line,
    curated_companies,
    moment_at,
    person_name,
    phone_number,
    street_line,
    unique_local,
    users_of,
    vat_ids,
)
from salesdesk.demo.customers.data import (
    ADMIN,
    AGENCIES,
    AGENCY_INDUSTRIES,
    BY_CODE,
    COORDINATOR,
    COUNTRIES,
    EXHIBITORS,
    FOOD,
    KEY_ACCOUNT,
    PARENTS,
    SEGMENTS,
    Country,
)
from salesdesk.org.models import Territory, User

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext


def demo_accounts(ctx: DemoContext) -> None:
    """About sixty curated accounts in six countries, with parents and a few near-duplicates."""
    rng, users = ctx.rng, users_of(ctx)
    admin = users[ADMIN]
    segments = {
        name: Segment.objects.get_or_create(business_unit=ctx.business_unit, name=name)[0]
        for name in SEGMENTS
    }
    territories = {
        territory.code: territory for territory in Territory.objects.filter(business_unit=ctx.business_unit)
    }
    parents: dict[str, tuple[Account, str]] = {}
    for code, name, website, word in PARENTS:
        country = BY_CODE[code]
        vat_id, tax_id = vat_ids(rng, country, len(parents) + 900)
        parents[code] = (
            account_create(
                created_by=admin,
                owner=users[country.owners[0]],
                name=name,
                legal_name=name,
                vat_id=vat_id,
                tax_id=tax_id,
                website=website,
                country=code,
                language=country.language,
                industry="Holding",
                size=CompanySize.ENTERPRISE,
                territory=territories.get(country.territory),
                segments=[segments[KEY_ACCOUNT]],
                customer_since=ctx.today - timedelta(days=rng.randint(900, 3000)),
            ),
            word,
        )
    number = 0
    for country in COUNTRIES:
        for company in curated_companies(rng, country):
            number += 1
            vat_id, tax_id = vat_ids(rng, country, number)
            group = parents.get(country.code)
            parent = group[0] if group and company.slug.startswith(group[1]) else None
            chosen = [segments[KEY_ACCOUNT]] if rng.random() < 0.25 else []
            if company.industry in AGENCY_INDUSTRIES:
                chosen.append(segments[AGENCIES])
            if rng.random() < 0.3:
                chosen.append(segments[EXHIBITORS])
            if company.industry == "Food and beverages":
                chosen.append(segments[FOOD])
            status = rng.choices(list(AccountStatus.values), weights=[8, 1, 1])[0]
            account = account_create(
                created_by=admin,
                owner=users[rng.choice(country.owners)],
                name=company.name,
                legal_name=company.name,
                vat_id=vat_id,
                tax_id=tax_id,
                website=f"https://www.{company.slug}.{country.tld}",
                country=country.code,
                language=country.language,
                industry=company.industry,
                size=rng.choice(CompanySize.values),
                territory=territories.get(country.territory),
                segments=chosen,
                parent=parent,
                status=status,
                customer_since=ctx.today - timedelta(days=rng.randint(60, 3000)),
                is_shared=rng.random() < 0.1,
            )
            street, house = rng.choice(company.city.streets), rng.randint(1, 220)
            contact_point_add(
                added_by=admin,
                kind=ContactPointKind.POSTAL,
                value=address_line(country, company.city, street, house),
                account=account,
                label=ContactPointLabel.BILLING,
                is_primary=True,
                street=street_line(country, street, house),
                postal_code=company.city.postal_code,
                city=company.city.name,
                region=company.city.region,
                country=country.code,
            )
            contact_point_add(
                added_by=admin,
                kind=ContactPointKind.PHONE,
                value=phone_number(rng, country, mobile=False, city=company.city)[0],
                account=account,
                label=ContactPointLabel.WORK,
                is_primary=True,
            )
    _near_duplicates(ctx, admin)


# (country of the original, what the look-alike shares with it)
NEAR_DUPLICATES = (
    ("DE", "vat_id"),
    ("IT", "website"),
    ("BG", "vat_id"),
    ("CN", "website"),
    ("US", "website"),
)


def _near_duplicates(ctx: DemoContext, admin: User) -> None:
    """Look-alikes of five accounts: same VAT id or domain, the name written a little differently."""
    for code, shared in NEAR_DUPLICATES:
        original = (
            Account.objects.filter(country=code, parent__isnull=False).first()
            or (Account.objects.filter(country=code, parent__isnull=True).order_by("pk")[1])
        )
        country = BY_CODE[code]
        name = _look_alike(original.name, country)
        account_create(
            created_by=admin,
            owner=ctx.users.get(country.owners[-1]) or original.owner,
            name=name,
            vat_id=original.vat_id if shared == "vat_id" else "",
            website=original.website if shared == "website" else "",
            country=code,
            language=original.language,
            industry=original.industry,
            notes="Imported from the trade fair list",
        )


def _look_alike(name: str, country: Country) -> str:
    if country.code == "DE":
        return name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace(" & Co. KG", "")
    if country.code == "IT":
        return name.replace("S.r.l.", "Srl").replace("S.p.A.", "SpA")
    if country.code == "CN":
        return name.removesuffix("股份有限公司").removesuffix("有限公司")
    if country.code == "BG":
        return f"„{name.rsplit(' ', 1)[0]}“"
    return name.replace(" Inc.", ", Inc").replace(" LLC", " L.L.C.")


BOUNCES = (
    "550 5.1.1 The email account that you tried to reach does not exist",
    "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table",
    "552 5.2.2 Mailbox full; message returned after 3 days",
    "550 5.7.1 Mailbox unavailable: sender blocked",
)


def demo_contacts(ctx: DemoContext) -> None:
    """Two to four people at each curated account, in their own script; a few broken addresses."""
    rng, users = ctx.rng, users_of(ctx)
    admin, coordinator = users[ADMIN], users[COORDINATOR]
    # Every account without notes is a curated one: the look-alikes carry their import note.
    for account in Account.objects.filter(notes="").order_by("pk"):
        country = BY_CODE[account.country]
        seen: set[str] = set()
        for position in range(rng.choice((2, 2, 3, 3, 4))):
            first, last, local, salutation = person_name(rng, country)
            emails = [f"{unique_local(local, seen)}@{account.domain}"] if account.domain else []
            phones = [phone_number(rng, country, mobile=True)[0]]
            if position == 0:
                emails.append(f"info@{account.domain}")
            birthday = None
            if rng.random() < 0.3:
                birthday = date(rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28))
            contact_create(
                created_by=admin,
                account=account,
                first_name=first,
                last_name=last,
                salutation=salutation,
                title=country.titles[position % len(country.titles)],
                language=country.language,
                country=country.code,
                birthday=birthday,
                emails=emails,
                phones=phones,
            )
    # The look-alike accounts carry one contact each, the same person as at the original.
    for look_alike in Account.objects.filter(notes="Imported from the trade fair list").order_by("pk"):
        original = (
            Contact.objects.filter(account__country=look_alike.country, account__notes="")
            .exclude(account=look_alike)
            .order_by("pk")
            .first()
        )
        if original is None:
            continue
        email = original.contact_points.filter(kind=ContactPointKind.EMAIL).order_by("pk").first()
        contact_create(
            created_by=admin,
            account=look_alike,
            first_name=original.first_name,
            last_name=original.last_name,
            title=original.title,
            language=original.language,
            country=original.country,
            emails=[email.value] if email else [],
        )
    _broken_details(ctx, coordinator)


def _broken_details(ctx: DemoContext, coordinator: User) -> None:
    """Bounced e-mails, disconnected phones and a returned letter, as the hygiene queue shows them."""
    rng = ctx.rng
    emails = list(
        ContactPoint.objects.filter(contact__isnull=False, kind=ContactPointKind.EMAIL)
        .exclude(value__startswith="info@")
        .order_by("pk")
    )
    for point in rng.sample(emails, min(5, len(emails))):
        contact_point_set_status(
            contact_point=point,
            status=HygieneStatus.BOUNCED,
            reason=rng.choice(BOUNCES),
            at=moment_at(rng, rng.randint(1, 40)),
        )
    phones = list(
        ContactPoint.objects.filter(contact__isnull=False, kind=ContactPointKind.PHONE).order_by("pk")
    )
    for point in rng.sample(phones, min(3, len(phones))):
        at = moment_at(rng, rng.randint(1, 30))
        contact_point_set_status(
            contact_point=point,
            status=HygieneStatus.DISCONNECTED,
            reason="Number not in service (call outcome)",
            changed_by=point.contact.owner if point.contact else coordinator,
            at=at,
        )
        Activity.objects.create(
            kind=ActivityKind.CALL,
            subject=SUBJECTS[point.contact.language if point.contact else "en"][ActivityKind.CALL][0],
            status=ActivityStatus.DONE,
            occurred_at=at,
            duration_minutes=1,
            outcome=CallOutcome.NOT_IN_SERVICE,
            owner=point.contact.owner if point.contact else coordinator,
            contact=point.contact,
            account=point.contact.account if point.contact else None,
            contact_point=point,
        )
    letters = list(
        ContactPoint.objects.filter(account__isnull=False, kind=ContactPointKind.POSTAL).order_by("pk")
    )
    if letters:
        contact_point_set_status(
            contact_point=rng.choice(letters),
            status=HygieneStatus.UNDELIVERABLE,
            reason="Returned by the post office: addressee unknown",
            changed_by=coordinator,
            at=moment_at(rng, 12),
        )
    # Most of the rest have been checked once: valid.
    checked = [point.pk for point in emails if rng.random() < 0.5]
    ContactPoint.objects.filter(pk__in=checked, status=HygieneStatus.UNVERIFIED).update(
        status=HygieneStatus.VALID, status_changed_at=moment_at(rng, 60)
    )
