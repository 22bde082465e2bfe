"""Per entity: how a row is validated, which keys make it a duplicate, and how a batch is matched and saved.

Matching follows the big CRMs: the external id of the preset's system first, then the e-mail address
(contacts, prospects), the web domain or VAT id (accounts), the account and name (opportunities). Only
records the importing person may see are matched; a match updates and never duplicates, and only values
the file actually gives are written, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.copy_rows import can_copy
from salesdesk.core.money import is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.customers.bulk import (
    NewContact,
    accounts_bulk_save,
    contacts_bulk_copy,
    contacts_bulk_save,
    contacts_refresh_statistics,
)
from salesdesk.customers.choices import ContactPointKind, ContactPointLabel, ExternalSystem
from salesdesk.customers.models import Account, Contact, ContactPoint, ExternalReference
from salesdesk.customers.normalize import display_name, domain_of, normalize_vat_id
from salesdesk.org.models import User
from salesdesk.pipeline.bulk import opportunities_bulk_save
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity, Stage
from salesdesk.prospects.bulk import prospects_bulk_save
from salesdesk.prospects.choices import ProspectSource
from salesdesk.prospects.models import Prospect
from salesdesk.transfer.emails import fast_normalize_email
from salesdesk.transfer.mapping import Entity
from salesdesk.transfer.matching import any_of
from salesdesk.transfer.phones import fast_normalize_phone
from salesdesk.transfer.readers import Cell
from salesdesk.transfer.values import parse_country, parse_date, parse_decimal


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


class RowProblem(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportContext:
    user: User
    default_owner: User
    system: str
    locale: str
    owners: dict[str, User]

    @classmethod
    def build(cls, *, user: User, default_owner: User, preset: str, locale: str) -> ImportContext:
        owners: dict[str, User] = {}
        for person in visible_to(user, User).filter(is_active=True):
            for name in (person.username, person.email, person.full_name, person.get_full_name()):
                if name:
                    owners.setdefault(name.casefold(), person)
        return cls(
            user=user,
            default_owner=default_owner,
            system=preset or ExternalSystem.OTHER,
            locale=locale or "en-US",
            owners=owners,
        )


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _RowReader:
    """Collects every problem of one row, so a person sees them all at once."""

    def __init__(self, context: ImportContext, number: int, values: dict[str, Cell]) -> None:
        self.context, self.number, self.values = context, number, values
        self.errors: list[RowError] = []

    def text(self, key: str, limit: int = 300) -> str:
        value = self.values.get(key)
        if value.__class__ is str:  # a CSV cell: the common case, without the conversions below
            return value.strip()[:limit]
        return _text(value)[:limit]

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, key, message))

    def email(self, key: str = "email") -> str:
        raw = self.text(key, 254)
        if not raw:
            return ""
        try:
            return fast_normalize_email(raw)
        except ValueError as exc:
            self.fail(key, str(exc))
            return ""

    def phone(self, key: str, country: str) -> tuple[str, str]:
        raw = self.text(key, 50)
        if not raw:
            return "", ""
        try:
            return raw, fast_normalize_phone(raw, country=country)
        except ValueError as exc:
            self.fail(key, str(exc))
            return "", ""

    def country(self) -> str:
        raw = self.text("country")
        if not raw:
            return ""
        try:
            return parse_country(raw)
        except ValueError as exc:
            self.fail("country", str(exc))
            return ""

    def owner(self) -> User | None:
        raw = self.text("owner")
        if not raw:
            return None
        person = self.context.owners.get(raw.casefold())
        if person is None:
            self.fail("owner", _("Unknown owner: %(value)s.") % {"value": raw})
        return person

    def date(self, key: str) -> date | None:
        value = self.values.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_date(value, locale=self.context.locale)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def amount(self, key: str) -> Decimal | None:
        value = self.values.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_decimal(value, locale=self.context.locale)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def require(self, key: str, present: object) -> None:
        if not present:
            self.fail(key, _("A value is required."))

    def done(self) -> None:
        if self.errors:
            raise RowProblem(self.errors)


def _apply(record: Any, values: dict[str, Any], changed: set[str]) -> bool:
    """Set the given non-empty values on a record; True if any differed."""
    differs = False
    for name, value in values.items():
        if value in ("", None):
            continue
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.add(name)
            differs = True
    return differs


def _refs(system: str, entity: str, values: list[str], column: str) -> dict[str, int]:
    if not values:
        return {}
    return dict(
        ExternalReference.objects.filter(any_of("value", values), system=system, entity=entity).values_list(
            "value", column
        )
    )


# ---------------------------------------------------------------------------------------------- contacts


class ContactRow(NamedTuple):
    """One validated row. A tuple: rows cross from the validation worker, and tuples unpickle fastest."""

    number: int
    external_id: str
    first_name: str
    last_name: str
    full_name: str
    title: str
    email: tuple[str, str]  # (as written, normalized)
    phones: list[tuple[str, str, str]]  # (as written, E.164, label)
    account_external_id: str
    account_name: str
    address: dict[str, str]
    country: str
    language: str
    owner: User | None


class _AccountLinks:
    """Accounts a batch of rows refers to, by external id, name or domain, in one query each."""

    def __init__(self, context: ImportContext, rows: list[Any]) -> None:
        ext_ids = sorted({row.account_external_id for row in rows if row.account_external_id})
        names = sorted({row.account_name.casefold() for row in rows if row.account_name})
        visible = visible_to(context.user, Account).filter(merged_into__isnull=True)
        by_ref = _refs(context.system, "account", ext_ids, "account_id")
        seen_ids = (
            set(visible.filter(any_of("pk", by_ref.values())).values_list("pk", flat=True))
            if by_ref
            else set()
        )
        self.by_ref = {value: pk for value, pk in by_ref.items() if pk in seen_ids}
        self.by_name: dict[str, int] = {}
        if names:
            for pk, lowered in (
                visible.annotate(lowered=Lower("name"))
                .filter(any_of("lowered", names))
                .order_by("pk")
                .values_list("pk", "lowered")
            ):
                self.by_name.setdefault(lowered, pk)
            domains = [domain_of(name) for name in names if "." in name and " " not in name]
            if domains:
                for pk, domain in (
                    visible.filter(any_of("domain", domains)).order_by("pk").values_list("pk", "domain")
                ):
                    self.by_name.setdefault(domain, pk)

    def find(self, external_id: str, name: str) -> int | None:
        if external_id and external_id in self.by_ref:
            return self.by_ref[external_id]
        if not name:
            return None
        key = name.casefold()
        return self.by_name.get(key) or self.by_name.get(domain_of(key))


def _address(reader: _RowReader, country: str) -> dict[str, str]:
    address = {
        "street": reader.text("street"),
        "city": reader.text("city", 100),
        "postal_code": reader.text("postal_code", 20),
    }
    if not any(address.values()):
        return {}
    address["country"] = country
    return address


# (kind, label, value, normalized, street, postal_code, city, country, is_primary): a contact point as
# plain values, so the COPY path never builds model instances.
PointSpec = tuple[str, str, str, str, str, str, str, str, bool]


def _postal_line(address: dict[str, str]) -> tuple[str, str]:
    line = ", ".join(
        part
        for part in (
            address["street"],
            f"{address['postal_code']} {address['city']}".strip(),
            address["country"],
        )
        if part
    )
    return line[:500], " ".join(line.lower().split())[:500]


def _point_specs(
    *,
    existing: set[tuple[str, str]],
    email: tuple[str, str],
    phones: list[tuple[str, str, str]],
    address: dict[str, str],
) -> list[PointSpec]:
    specs: list[PointSpec] = []
    has_kind = {kind for kind, _normalized in existing}
    if email[1] and (ContactPointKind.EMAIL, email[1]) not in existing:
        specs.append(
            (
                ContactPointKind.EMAIL,
                ContactPointLabel.WORK,
                email[0],
                email[1],
                "",
                "",
                "",
                "",
                ContactPointKind.EMAIL not in has_kind,
            )
        )
    phone_primary = ContactPointKind.PHONE not in has_kind
    added_phones: set[str] = set()
    for raw, normalized, label in phones:
        if (ContactPointKind.PHONE, normalized) in existing or normalized in added_phones:
            continue
        added_phones.add(normalized)
        specs.append((ContactPointKind.PHONE, label, raw, normalized, "", "", "", "", phone_primary))
        phone_primary = False
    if address:
        line, normalized = _postal_line(address)
        if (ContactPointKind.POSTAL, normalized) not in existing:
            specs.append(
                (
                    ContactPointKind.POSTAL,
                    ContactPointLabel.WORK,
                    line,
                    normalized,
                    address["street"],
                    address["postal_code"],
                    address["city"],
                    address["country"],
                    ContactPointKind.POSTAL not in has_kind,
                )
            )
    return specs


def _new_points(
    *,
    existing: set[tuple[str, str]],
    email: tuple[str, str],
    phones: list[tuple[str, str, str]],
    address: dict[str, str],
) -> list[ContactPoint]:
    return [
        ContactPoint(
            kind=kind,
            label=label,
            value=value,
            normalized=normalized,
            street=street,
            postal_code=postal,
            city=city,
            country=country,
            is_primary=primary,
        )
        for kind, label, value, normalized, street, postal, city, country, primary in _point_specs(
            existing=existing, email=email, phones=phones, address=address
        )
    ]


def _existing_points(column: str, ids: set[int]) -> dict[int, set[tuple[str, str]]]:
    points: dict[int, set[tuple[str, str]]] = {}
    if ids:
        for owner_id, kind, normalized in ContactPoint.objects.filter(any_of(column, ids)).values_list(
            column, "kind", "normalized"
        ):
            points.setdefault(owner_id, set()).add((kind, normalized))
    return points


def _has_refs(column: str, system: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        ExternalReference.objects.filter(any_of(column, ids), system=system).values_list(column, flat=True)
    )


class _MatchedContacts:
    """The contacts a batch matched, as plain column values: most re-imported rows change nothing, so a
    model instance (and its cost) is made only for the contacts that will be written."""

    def __init__(self, visible: Any, ids: set[int]) -> None:
        self.fields = [field.attname for field in Contact._meta.concrete_fields]
        found = visible.filter(any_of("pk", ids)).values_list(*self.fields) if ids else []
        self.rows: dict[int, tuple[Any, ...]] = {row[0]: row for row in found}
        self.position = {name: index for index, name in enumerate(self.fields)}
        self.db = visible.db
        assert self.fields[0] == "id"

    def __contains__(self, contact_id: object) -> bool:
        return contact_id in self.rows

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows)

    def differences(self, contact_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """The given non-empty values that differ from the stored ones (what _apply would change)."""
        row, position = self.rows[contact_id], self.position
        return {
            name: value
            for name, value in values.items()
            if value not in ("", None) and row[position[name]] != value
        }

    def instance(self, contact_id: int) -> Contact:
        return Contact.from_db(self.db, self.fields, self.rows[contact_id])


# After this many contacts copied in one run, and each time the number doubles, the tables are analyzed.
ANALYZE_AFTER = 20_000


class ContactHandler:
    entity = "contact"

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.copied = 0
        self.analyze_at = ANALYZE_AFTER

    def parse(self, number: int, values: dict[str, Cell]) -> ContactRow:
        reader = _RowReader(self.context, number, values)
        country = reader.country()
        first, last, full = (
            reader.text("first_name", 150),
            reader.text("last_name", 150),
            reader.text("full_name"),
        )
        name = full or display_name(first, last)
        reader.require(
            "last_name" if "last_name" in values or "full_name" not in values else "full_name", name
        )
        email = reader.text("email", 254), reader.email()
        phones = []
        for key, label in (("phone", ContactPointLabel.WORK), ("mobile", ContactPointLabel.MOBILE)):
            raw, normalized = reader.phone(key, country)
            if normalized:
                phones.append((raw, normalized, str(label)))
        owner = reader.owner()
        reader.done()
        return ContactRow(
            number=number,
            external_id=reader.text("external_id", 100),
            first_name=first,
            last_name=last,
            full_name=name[:300],
            title=reader.text("title", 200),
            email=email,
            phones=phones,
            account_external_id=reader.text("account_external_id", 100),
            account_name=reader.text("account_name"),
            address=_address(reader, country),
            country=country,
            language=reader.text("language", 10),
            owner=owner,
        )

    def keys(self, row: ContactRow) -> list[tuple[str, tuple[str, str]]]:
        keys = []
        if row.external_id:
            keys.append(("external_id", ("c-ext", row.external_id)))
        if row.email[1]:
            keys.append(("email", ("c-email", row.email[1])))
        return keys

    def write(self, rows: list[ContactRow]) -> BatchOutcome:
        context, outcome = self.context, BatchOutcome()
        visible = visible_to(context.user, Contact).filter(merged_into__isnull=True)
        by_ref = _refs(
            context.system, "contact", [r.external_id for r in rows if r.external_id], "contact_id"
        )
        emails = [r.email[1] for r in rows if r.email[1]]
        by_email: dict[str, int] = {}
        if emails:
            for normalized, point_contact_id in (
                ContactPoint.objects.filter(
                    any_of("normalized", emails), kind=ContactPointKind.EMAIL, contact__isnull=False
                )
                .order_by("contact_id")
                .values_list("normalized", "contact_id")
            ):
                by_email.setdefault(normalized, point_contact_id)
        candidates = set(by_ref.values()) | set(by_email.values())
        matched = _MatchedContacts(visible, candidates)
        points = _existing_points("contact_id", set(matched))
        with_ref = _has_refs("contact_id", context.system, set(matched))
        accounts = _AccountLinks(context, rows)

        created: list[Contact] = []
        changed: list[Contact] = []
        changed_fields: set[str] = set()
        new_points: list[ContactPoint] = []
        new_refs: list[ExternalReference] = []
        touched: dict[int, int] = {}
        # New contacts go in with COPY on PostgreSQL; matched ones keep the ORM path (history of changes).
        copying = can_copy()
        copied: list[NewContact] = []
        for row in rows:
            contact_id: int | None = by_ref.get(row.external_id) if row.external_id else None
            if contact_id is not None and contact_id not in matched:
                outcome.errors.append(
                    RowError(row.number, "external_id", _("This ID belongs to a contact you cannot see."))
                )
                continue
            if contact_id is None and row.email[1]:
                contact_id = by_email.get(row.email[1])
                if contact_id not in matched:
                    contact_id = None
            account_id = accounts.find(row.account_external_id, row.account_name)
            values: dict[str, Any] = {
                "first_name": row.first_name,
                "last_name": row.last_name,
                "full_name": row.full_name,
                "title": row.title,
                "country": row.country,
                "language": row.language,
                "account_id": account_id,
                "owner_id": row.owner.pk if row.owner else None,
            }
            if contact_id is not None:
                if contact_id in touched:
                    outcome.errors.append(
                        RowError(
                            row.number,
                            "email",
                            _("Duplicate of row %(row)d in this file.") % {"row": touched[contact_id]},
                        )
                    )
                    continue
                touched[contact_id] = row.number
                differences = matched.differences(contact_id, values)
                added = _new_points(
                    existing=points.get(contact_id, set()),
                    email=row.email,
                    phones=row.phones,
                    address=row.address,
                )
                needs_ref = bool(row.external_id) and contact_id not in with_ref
                if not (differences or added or needs_ref):
                    outcome.unchanged += 1
                    continue
                outcome.updated += 1
                contact = matched.instance(contact_id)
                if _apply(contact, differences, changed_fields):
                    changed.append(contact)
                for point in added:
                    point.contact = contact
                new_points.extend(added)
                if needs_ref:
                    new_refs.append(
                        ExternalReference(
                            contact=contact, system=context.system, entity=self.entity, value=row.external_id
                        )
                    )
                continue
            outcome.created += 1
            owner_id = row.owner.pk if row.owner else context.default_owner.pk
            if copying:
                copied.append(
                    NewContact(
                        first_name=row.first_name,
                        last_name=row.last_name,
                        full_name=row.full_name,
                        title=row.title,
                        country=row.country,
                        language=row.language,
                        account_id=account_id,
                        owner_id=owner_id,
                        points=_point_specs(
                            existing=set(), email=row.email, phones=row.phones, address=row.address
                        ),
                        external_ref=(context.system, self.entity, row.external_id)
                        if row.external_id
                        else None,
                    )
                )
                continue
            contact = Contact(
                first_name=row.first_name,
                last_name=row.last_name,
                full_name=row.full_name,
                title=row.title,
                country=row.country,
                language=row.language,
                account_id=account_id,
                owner_id=owner_id,
            )
            created.append(contact)
            for point in _new_points(existing=set(), email=row.email, phones=row.phones, address=row.address):
                point.contact = contact
                new_points.append(point)
            if row.external_id:
                new_refs.append(
                    ExternalReference(
                        contact=contact, system=context.system, entity=self.entity, value=row.external_id
                    )
                )
        contacts_bulk_save(
            created=created,
            changed=changed,
            changed_fields=sorted(changed_fields),
            contact_points=new_points,
            external_refs=new_refs,
            by=context.user,
        )
        contacts_bulk_copy(created=copied, by=context.user)
        self.copied += len(copied)
        if self.copied >= self.analyze_at:
            contacts_refresh_statistics()
            self.analyze_at = self.copied * 2
        return outcome


# ---------------------------------------------------------------------------------------------- accounts


@dataclass
class AccountRow:
    number: int
    external_id: str
    name: str
    legal_name: str
    website: str
    domain: str
    vat_id: str
    vat_normalized: str
    industry: str
    email: tuple[str, str]
    phones: list[tuple[str, str, str]]
    address: dict[str, str]
    country: str
    owner: User | None


class AccountHandler:
    entity = "account"

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def parse(self, number: int, values: dict[str, Cell]) -> AccountRow:
        reader = _RowReader(self.context, number, values)
        country = reader.country()
        name = reader.text("name")
        reader.require("name", name)
        website = reader.text("website")
        if website and "://" not in website:
            website = f"https://{website}"
        vat_id = reader.text("vat_id", 40)
        email = reader.text("email", 254), reader.email()
        raw, phone = reader.phone("phone", country)
        owner = reader.owner()
        reader.done()
        return AccountRow(
            number=number,
            external_id=reader.text("external_id", 100),
            name=name,
            legal_name=reader.text("legal_name"),
            website=website,
            domain=domain_of(website),
            vat_id=vat_id,
            vat_normalized=normalize_vat_id(vat_id),
            industry=reader.text("industry", 100),
            email=email,
            phones=[(raw, phone, str(ContactPointLabel.WORK))] if phone else [],
            address=_address(reader, country),
            country=country,
            owner=owner,
        )

    def keys(self, row: AccountRow) -> list[tuple[str, tuple[str, str]]]:
        keys = []
        if row.external_id:
            keys.append(("external_id", ("a-ext", row.external_id)))
        if row.domain:
            keys.append(("website", ("a-domain", row.domain)))
        if row.vat_normalized:
            keys.append(("vat_id", ("a-vat", row.vat_normalized)))
        return keys

    def write(self, rows: list[AccountRow]) -> BatchOutcome:
        context, outcome = self.context, BatchOutcome()
        visible = visible_to(context.user, Account).filter(merged_into__isnull=True)
        by_ref = _refs(
            context.system, "account", [r.external_id for r in rows if r.external_id], "account_id"
        )
        domains = sorted({r.domain for r in rows if r.domain})
        vats = sorted({r.vat_normalized for r in rows if r.vat_normalized})
        by_domain: dict[str, int] = {}
        by_vat: dict[str, int] = {}
        if domains:
            found = visible.filter(any_of("domain", domains)).order_by("pk").values_list("pk", "domain")
            for pk, domain in found:
                by_domain.setdefault(domain, pk)
        if vats:
            for pk, vat in (
                visible.filter(any_of("vat_id_normalized", vats))
                .order_by("pk")
                .values_list("pk", "vat_id_normalized")
            ):
                by_vat.setdefault(vat, pk)
        candidates = set(by_ref.values()) | set(by_domain.values()) | set(by_vat.values())
        matched = {a.pk: a for a in visible.filter(any_of("pk", candidates))} if candidates else {}
        points = _existing_points("account_id", set(matched))
        with_ref = _has_refs("account_id", context.system, set(matched))

        created: list[Account] = []
        changed: list[Account] = []
        changed_fields: set[str] = set()
        new_points: list[ContactPoint] = []
        new_refs: list[ExternalReference] = []
        touched: dict[int, int] = {}
        for row in rows:
            account_id = by_ref.get(row.external_id) if row.external_id else None
            if account_id is not None and account_id not in matched:
                outcome.errors.append(
                    RowError(row.number, "external_id", _("This ID belongs to an account you cannot see."))
                )
                continue
            account_id = account_id or by_domain.get(row.domain) or by_vat.get(row.vat_normalized)
            values: dict[str, Any] = {
                "name": row.name,
                "legal_name": row.legal_name,
                "website": row.website,
                "domain": row.domain,
                "vat_id": row.vat_id,
                "vat_id_normalized": row.vat_normalized,
                "industry": row.industry,
                "country": row.country,
                "owner_id": row.owner.pk if row.owner else None,
            }
            if account_id is not None:
                if account_id in touched:
                    outcome.errors.append(
                        RowError(
                            row.number,
                            "name",
                            _("Duplicate of row %(row)d in this file.") % {"row": touched[account_id]},
                        )
                    )
                    continue
                touched[account_id] = row.number
                account = matched[account_id]
                differs = _apply(account, values, changed_fields)
                if differs:
                    changed.append(account)
                added = _new_points(
                    existing=points.get(account_id, set()),
                    email=row.email,
                    phones=row.phones,
                    address=row.address,
                )
                for point in added:
                    point.account = account
                new_points.extend(added)
                needs_ref = bool(row.external_id) and account_id not in with_ref
                if needs_ref:
                    new_refs.append(
                        ExternalReference(
                            account=account, system=context.system, entity=self.entity, value=row.external_id
                        )
                    )
                if differs or added or needs_ref:
                    outcome.updated += 1
                else:
                    outcome.unchanged += 1
                continue
            account = Account(
                owner=row.owner or context.default_owner,
                **{k: v for k, v in values.items() if k != "owner_id"},
            )
            created.append(account)
            for point in _new_points(existing=set(), email=row.email, phones=row.phones, address=row.address):
                point.account = account
                new_points.append(point)
            if row.external_id:
                new_refs.append(
                    ExternalReference(
                        account=account, system=context.system, entity=self.entity, value=row.external_id
                    )
                )
            outcome.created += 1
        accounts_bulk_save(
            created=created,
            changed=changed,
            changed_fields=sorted(changed_fields),
            contact_points=new_points,
            external_refs=new_refs,
            by=context.user,
        )
        return outcome


# --------------------------------------------------------------------------------------------- prospects


@dataclass
class ProspectRow:
    number: int
    external_id: str
    values: dict[str, Any]
    email: str
    owner: User | None


_SOURCES = {str(label).casefold(): value for value, label in ProspectSource.choices} | {
    value: value for value in ProspectSource.values
}


class ProspectHandler:
    entity = "prospect"

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def parse(self, number: int, values: dict[str, Cell]) -> ProspectRow:
        reader = _RowReader(self.context, number, values)
        country = reader.country()
        company = reader.text("company_name")
        reader.require("company_name", company)
        email = reader.email()
        _raw, phone = reader.phone("phone", country)
        source_text = reader.text("source").casefold()
        source = _SOURCES.get(
            source_text.replace(" ", "_"), _SOURCES.get(source_text, ProspectSource.COLD_CALL)
        )
        owner = reader.owner()
        reader.done()
        return ProspectRow(
            number=number,
            external_id=reader.text("external_id", 100),
            values={
                "company_name": company,
                "contact_name": reader.text("contact_name"),
                "contact_title": reader.text("contact_title", 200),
                "email": email,
                "phone": phone,
                "website": reader.text("website"),
                "country": country,
                "source": source,
            },
            email=email,
            owner=owner,
        )

    def keys(self, row: ProspectRow) -> list[tuple[str, tuple[str, str]]]:
        keys = []
        if row.external_id:
            keys.append(("external_id", ("p-ext", row.external_id)))
        if row.email:
            keys.append(("email", ("p-email", row.email)))
        return keys

    def write(self, rows: list[ProspectRow]) -> BatchOutcome:
        context, outcome = self.context, BatchOutcome()
        visible = visible_to(context.user, Prospect)
        by_ref = _refs(
            context.system, "prospect", [r.external_id for r in rows if r.external_id], "prospect_id"
        )
        emails = [r.email for r in rows if r.email]
        matched = {p.pk: p for p in visible.filter(any_of("pk", by_ref.values()))} if by_ref else {}
        by_email: dict[str, int] = {}
        if emails:
            for prospect in visible.filter(any_of("email", emails)).order_by("pk"):
                matched.setdefault(prospect.pk, prospect)
                by_email.setdefault(prospect.email, prospect.pk)
        with_ref = _has_refs("prospect_id", context.system, set(matched))
        created: list[Prospect] = []
        changed: list[Prospect] = []
        changed_fields: set[str] = set()
        new_refs: list[ExternalReference] = []
        for row in rows:
            prospect_id = by_ref.get(row.external_id) if row.external_id else None
            if prospect_id is not None and prospect_id not in matched:
                outcome.errors.append(
                    RowError(row.number, "external_id", _("This ID belongs to a prospect you cannot see."))
                )
                continue
            prospect_id = prospect_id or by_email.get(row.email)
            values = dict(row.values, owner_id=row.owner.pk if row.owner else None)
            if prospect_id is not None:
                prospect = matched[prospect_id]
                differs = _apply(prospect, {k: v for k, v in values.items() if k != "source"}, changed_fields)
                needs_ref = bool(row.external_id) and prospect_id not in with_ref
                if differs:
                    changed.append(prospect)
                if needs_ref:
                    new_refs.append(
                        ExternalReference(
                            prospect=prospect,
                            system=context.system,
                            entity=self.entity,
                            value=row.external_id,
                        )
                    )
                if differs or needs_ref:
                    outcome.updated += 1
                else:
                    outcome.unchanged += 1
                continue
            prospect = Prospect(owner=row.owner or context.default_owner, **row.values)
            created.append(prospect)
            if row.external_id:
                new_refs.append(
                    ExternalReference(
                        prospect=prospect, system=context.system, entity=self.entity, value=row.external_id
                    )
                )
            outcome.created += 1
        prospects_bulk_save(
            created=created,
            changed=changed,
            changed_fields=sorted(changed_fields),
            external_refs=new_refs,
            by=context.user,
        )
        return outcome


# ----------------------------------------------------------------------------------------- opportunities

# The stage names HubSpot and Odoo export, as the position (or kind) of a stage in our default pipeline.
_STAGE_ALIASES = {
    "appointmentscheduled": 1,
    "new": 1,
    "qualifiedtobuy": 1,
    "qualified": 2,
    "presentationscheduled": 2,
    "decisionmakerboughtin": 3,
    "proposition": 3,
    "contractsent": 4,
    "closedwon": StageKind.WON,
    "won": StageKind.WON,
    "closedlost": StageKind.LOST,
    "lost": StageKind.LOST,
}


@dataclass
class OpportunityRow:
    number: int
    external_id: str
    name: str
    account_external_id: str
    account_name: str
    stage_text: str
    amount: Decimal | None
    currency: str
    expected_close: date | None
    owner: User | None


class OpportunityHandler:
    entity = "opportunity"

    def __init__(self, context: ImportContext) -> None:
        from salesdesk.pipeline.services import pipeline_default

        self.context = context
        if context.user.business_unit is None:
            raise ValidationError(
                {"entity": _("Opportunities are imported into a business unit's pipeline.")}
            )
        self.pipeline = pipeline_default(business_unit=context.user.business_unit)
        self.stages = list(Stage.objects.filter(pipeline=self.pipeline).order_by("position"))

    def _stage(self, text: str) -> Stage | None:
        if not text:
            return next((s for s in self.stages if s.kind == StageKind.OPEN), None)
        simple = "".join(ch for ch in text.casefold() if ch.isalnum())
        for stage in self.stages:
            if "".join(ch for ch in stage.name.casefold() if ch.isalnum()) == simple:
                return stage
        alias = _STAGE_ALIASES.get(simple)
        for stage in self.stages:
            if (isinstance(alias, int) and stage.position == alias) or stage.kind == alias:
                return stage
        return None

    def parse(self, number: int, values: dict[str, Cell]) -> OpportunityRow:
        reader = _RowReader(self.context, number, values)
        name = reader.text("name")
        reader.require("name", name)
        account_ext, account_name = reader.text("account_external_id", 100), reader.text("account_name")
        reader.require("account_name", account_ext or account_name)
        expected_close = reader.date("expected_close")
        if "expected_close" not in [e.field for e in reader.errors]:
            reader.require("expected_close", expected_close)
        amount = reader.amount("amount")
        currency = reader.text("currency", 3).upper() or "EUR"
        if not is_currency(currency):
            reader.fail("currency", _("%(value)s is not a currency code.") % {"value": currency})
        stage_text = reader.text("stage", 100)
        if self._stage(stage_text) is None:
            reader.fail("stage", _("Unknown stage: %(value)s.") % {"value": stage_text})
        owner = reader.owner()
        reader.done()
        return OpportunityRow(
            number=number,
            external_id=reader.text("external_id", 100),
            name=name,
            account_external_id=account_ext,
            account_name=account_name,
            stage_text=stage_text,
            amount=amount,
            currency=currency,
            expected_close=expected_close,
            owner=owner,
        )

    def keys(self, row: OpportunityRow) -> list[tuple[str, tuple[str, str]]]:
        if row.external_id:
            return [("external_id", ("o-ext", row.external_id))]
        return [("name", ("o-name", f"{row.account_external_id}|{row.account_name}|{row.name}"))]

    def write(self, rows: list[OpportunityRow]) -> BatchOutcome:
        context, outcome = self.context, BatchOutcome()
        visible = visible_to(context.user, Opportunity)
        accounts = _AccountLinks(context, rows)
        by_ref = _refs(
            context.system, "opportunity", [r.external_id for r in rows if r.external_id], "opportunity_id"
        )
        account_ids: set[int] = set()
        for r in rows:
            found = accounts.find(r.account_external_id, r.account_name)
            if found is not None:
                account_ids.add(found)
        matched = {o.pk: o for o in visible.filter(any_of("pk", by_ref.values()))} if by_ref else {}
        by_name: dict[tuple[int, str], int] = {}
        if account_ids:
            for opportunity in visible.filter(any_of("account_id", account_ids)).order_by("pk"):
                matched.setdefault(opportunity.pk, opportunity)
                by_name.setdefault((opportunity.account_id, opportunity.name.casefold()), opportunity.pk)
        with_ref = _has_refs("opportunity_id", context.system, set(matched))
        created: list[Opportunity] = []
        changed: list[Opportunity] = []
        changed_fields: set[str] = set()
        new_refs: list[ExternalReference] = []
        now = timezone.now()
        for row in rows:
            account_id = accounts.find(row.account_external_id, row.account_name)
            if account_id is None:
                outcome.errors.append(
                    RowError(
                        row.number,
                        "account_name",
                        _("No account you can see matches %(value)s.")
                        % {"value": row.account_name or row.account_external_id},
                    )
                )
                continue
            opportunity_id = by_ref.get(row.external_id) if row.external_id else None
            if opportunity_id is not None and opportunity_id not in matched:
                outcome.errors.append(
                    RowError(
                        row.number, "external_id", _("This ID belongs to an opportunity you cannot see.")
                    )
                )
                continue
            opportunity_id = opportunity_id or by_name.get((account_id, row.name.casefold()))
            stage = self._stage(row.stage_text)
            assert stage is not None  # checked in parse
            values: dict[str, Any] = {
                "name": row.name,
                "account_id": account_id,
                "amount": row.amount,
                "currency": row.currency,
                "expected_close": row.expected_close,
                "owner_id": row.owner.pk if row.owner else None,
            }
            if opportunity_id is not None:
                opportunity = matched[opportunity_id]
                if row.stage_text and opportunity.stage_id != stage.pk:
                    values["stage_id"] = stage.pk
                    values["stage_entered_at"] = now
                differs = _apply(opportunity, values, changed_fields)
                needs_ref = bool(row.external_id) and opportunity_id not in with_ref
                if differs:
                    changed.append(opportunity)
                if needs_ref:
                    new_refs.append(
                        ExternalReference(
                            opportunity=opportunity,
                            system=context.system,
                            entity=self.entity,
                            value=row.external_id,
                        )
                    )
                outcome.updated += 1 if differs or needs_ref else 0
                outcome.unchanged += 0 if differs or needs_ref else 1
                continue
            opportunity = Opportunity(
                name=row.name,
                account_id=account_id,
                pipeline=self.pipeline,
                stage=stage,
                stage_entered_at=now,
                amount=row.amount or Decimal(0),
                currency=row.currency,
                expected_close=row.expected_close or timezone.localdate(),  # required: checked in parse
                closed_on=row.expected_close if stage.kind != StageKind.OPEN else None,
                owner=row.owner or context.default_owner,
                source="import",
            )
            created.append(opportunity)
            if row.external_id:
                new_refs.append(
                    ExternalReference(
                        opportunity=opportunity,
                        system=context.system,
                        entity=self.entity,
                        value=row.external_id,
                    )
                )
            outcome.created += 1
        opportunities_bulk_save(
            created=created,
            changed=changed,
            changed_fields=sorted(changed_fields),
            external_refs=new_refs,
            by=context.user,
        )
        return outcome


HANDLERS: dict[str, Any] = {
    Entity.CONTACTS: ContactHandler,
    Entity.ACCOUNTS: AccountHandler,
    Entity.PROSPECTS: ProspectHandler,
    Entity.OPPORTUNITIES: OpportunityHandler,
}
