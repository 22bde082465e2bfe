"""Reads for exports: the records of an entity a person may see, flattened to the exported columns.

Each export is one query whatever the number of rows (primary e-mail and phone come from subqueries).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import ContactPointKind
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect
from salesdesk.transfer.mapping import Entity

# (header, value path) per entity; headers are the import's field labels, so an export imports back.
COLUMNS: dict[str, list[tuple[str | Promise, str]]] = {
    Entity.ACCOUNTS: [
        (_("ID"), "pk"),
        (_("Name"), "name"),
        (_("Legal name"), "legal_name"),
        (_("VAT ID"), "vat_id"),
        (_("Industry"), "industry"),
        (_("Web site"), "website"),
        (_("E-mail"), "primary_email"),
        (_("Phone"), "primary_phone"),
        (_("Country"), "country"),
        (_("Owner"), "owner__username"),
    ],
    Entity.CONTACTS: [
        (_("ID"), "pk"),
        (_("Given name"), "first_name"),
        (_("Family name"), "last_name"),
        (_("Full name"), "full_name"),
        (_("Job title"), "title"),
        (_("Account name"), "account__name"),
        (_("E-mail"), "primary_email"),
        (_("Phone"), "primary_phone"),
        (_("Country"), "country"),
        (_("Language"), "language"),
        (_("Owner"), "owner__username"),
    ],
    Entity.PROSPECTS: [
        (_("ID"), "pk"),
        (_("Company"), "company_name"),
        (_("Contact person"), "contact_name"),
        (_("Their job title"), "contact_title"),
        (_("E-mail"), "email"),
        (_("Phone"), "phone"),
        (_("Web site"), "website"),
        (_("Country"), "country"),
        (_("Source"), "source"),
        (_("Status"), "status"),
        (_("Owner"), "owner__username"),
    ],
    Entity.OPPORTUNITIES: [
        (_("ID"), "pk"),
        (_("Name"), "name"),
        (_("Account name"), "account__name"),
        (_("Stage"), "stage__name"),
        (_("Amount"), "amount"),
        (_("Currency"), "currency"),
        (_("Expected close"), "expected_close"),
        (_("Owner"), "owner__username"),
    ],
}


def _primary(kind: str, column: str) -> Subquery:
    return Subquery(
        ContactPoint.objects.filter(**{column: OuterRef("pk")}, kind=kind)
        .order_by("-is_primary", "pk")
        .values("value")[:1]
    )


def export_queryset(*, user: User, entity: str) -> QuerySet[Any]:
    """The rows of `entity` that `user` may see, as tuples in the order of COLUMNS[entity]."""
    qs: QuerySet[Any]
    if entity == Entity.ACCOUNTS:
        qs = (
            visible_to(user, Account)
            .filter(merged_into__isnull=True)
            .annotate(
                primary_email=_primary(ContactPointKind.EMAIL, "account"),
                primary_phone=_primary(ContactPointKind.PHONE, "account"),
            )
        )
    elif entity == Entity.CONTACTS:
        qs = (
            visible_to(user, Contact)
            .filter(merged_into__isnull=True)
            .annotate(
                primary_email=_primary(ContactPointKind.EMAIL, "contact"),
                primary_phone=_primary(ContactPointKind.PHONE, "contact"),
            )
        )
    elif entity == Entity.PROSPECTS:
        qs = visible_to(user, Prospect)
    elif entity == Entity.OPPORTUNITIES:
        qs = visible_to(user, Opportunity)
    else:
        raise ValueError(entity)
    return qs.order_by("pk").values_list(*(path for _header, path in COLUMNS[entity]))


def export_headers(entity: str) -> list[str]:
    return [str(header) for header, _path in COLUMNS[entity]]


def export_rows(*, user: User, entity: str) -> Iterator[tuple[Any, ...]]:
    return export_queryset(user=user, entity=entity).iterator(chunk_size=2000)
