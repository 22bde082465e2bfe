"""Reads of accounts, contacts and activities, scoped to the reader, with the joins each page needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.customers.choices import ActivityStatus
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint
from salesdesk.org.models import User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity
from salesdesk.search.matching import contains


@dataclass(frozen=True, slots=True)
class AccountFilters:
    q: str = ""
    owner_id: int | None = None
    # Part of the owner's name or username (the list page's owner field; the API takes owner_id).
    owner_name: str = ""
    territory_id: int | None = None
    segment_id: int | None = None
    country: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class ContactFilters:
    q: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    account_id: int | None = None
    country: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class ActivityFilters:
    kind: str = ""
    status: str = ""
    owner_id: int | None = None
    account_id: int | None = None
    contact_id: int | None = None


def _points() -> Any:
    return Prefetch("contact_points", queryset=ContactPoint.objects.order_by("kind", "-is_primary", "pk"))


def people_named(*, user: User, name: str) -> QuerySet[User]:
    """The people `user` may see whose name or username contains `name` (the owner filters).

    A username typed in full (as the owner field offers them) means that one person, even where it is
    part of other usernames too ("anna" and "annalena").
    """
    people = visible_to(user, User)
    exact = Q(username__iexact=name)
    return people.filter(
        exact | ((Q(full_name__icontains=name) | Q(username__icontains=name)) & ~Exists(people.filter(exact)))
    )


def account_list(*, user: User, filters: AccountFilters | None = None) -> QuerySet[Account]:
    """Accounts `user` may see; merged accounts (kept for their history) are never listed."""
    filters = filters or AccountFilters()
    accounts = (
        visible_to(user, Account)
        .filter(merged_into__isnull=True)
        .select_related("owner", "territory", "parent")
    )
    if filters.q:
        # ILIKE on PostgreSQL, served by the search app's trigram indexes on both columns. Ordered by the
        # lower-case name, which no index provides: otherwise PostgreSQL walks the name index testing
        # every row until a page is full, and matches that sort late ("Müller") cost a scan of most of
        # the table. This way it reads the matches from the trigram index and sorts only them.
        accounts = accounts.filter(contains("name", filters.q) | contains("legal_name", filters.q)).order_by(
            Lower("name"), "pk"
        )
    if filters.owner_id:
        accounts = accounts.filter(owner_id=filters.owner_id)
    if filters.owner_name:
        accounts = accounts.filter(owner__in=people_named(user=user, name=filters.owner_name).values("pk"))
    if filters.territory_id:
        accounts = accounts.filter(territory_id=filters.territory_id)
    if filters.segment_id:
        accounts = accounts.filter(segments__id=filters.segment_id)
    if filters.country:
        accounts = accounts.filter(country=filters.country.upper())
    if filters.status:
        accounts = accounts.filter(status=filters.status)
    return accounts


def account_list_with_points(*, user: User, filters: AccountFilters | None = None) -> QuerySet[Account]:
    """The same accounts with segments and contact details fetched in one query each (API pages)."""
    return account_list(user=user, filters=filters).prefetch_related("segments", _points())


def account_get(*, user: User, pk: int | str) -> Account:
    return get_visible_or_404(user, account_list(user=user), pk=pk)


def account_subsidiaries(*, user: User, account: Account) -> QuerySet[Account]:
    return account_list(user=user).filter(parent=account)


def account_contacts(*, user: User, account: Account) -> QuerySet[Contact]:
    return contact_list(user=user).filter(account=account).prefetch_related(_points())


def account_open_opportunities(*, user: User, account: Account) -> QuerySet[Opportunity]:
    return (
        visible_to(user, Opportunity)
        .filter(account=account, stage__kind=StageKind.OPEN)
        .select_related("stage", "owner")
        .order_by("expected_close", "pk")
    )


def contact_points_of(
    *, account: Account | None = None, contact: Contact | None = None
) -> QuerySet[ContactPoint]:
    """The contact details of a record the reader has already been allowed to see."""
    points = ContactPoint.objects.select_related("status_changed_by")
    if account is not None:
        return points.filter(account=account)
    return points.filter(contact=contact)


def contact_list(*, user: User, filters: ContactFilters | None = None) -> QuerySet[Contact]:
    """Contacts `user` may see; merged contacts are never listed."""
    filters = filters or ContactFilters()
    contacts = visible_to(user, Contact).filter(merged_into__isnull=True).select_related("owner", "account")
    if filters.q:
        contacts = contacts.filter(
            contains("full_name", filters.q)
            | contains("first_name", filters.q)
            | contains("last_name", filters.q)
            | contains("title", filters.q)
        )
    if filters.owner_id:
        contacts = contacts.filter(owner_id=filters.owner_id)
    if filters.owner_name:
        contacts = contacts.filter(owner__in=people_named(user=user, name=filters.owner_name).values("pk"))
    if filters.account_id:
        contacts = contacts.filter(account_id=filters.account_id)
    if filters.country:
        contacts = contacts.filter(country=filters.country.upper())
    if filters.language:
        contacts = contacts.filter(language=filters.language)
    return contacts


def contact_list_with_points(*, user: User, filters: ContactFilters | None = None) -> QuerySet[Contact]:
    return contact_list(user=user, filters=filters).prefetch_related(_points())


def contact_get(*, user: User, pk: int | str) -> Contact:
    return get_visible_or_404(user, contact_list(user=user), pk=pk)


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    filters = filters or ActivityFilters()
    activities = visible_to(user, Activity).select_related("owner", "account", "contact", "contact_point")
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.owner_id:
        activities = activities.filter(owner_id=filters.owner_id)
    if filters.account_id:
        activities = activities.filter(account_id=filters.account_id)
    if filters.contact_id:
        activities = activities.filter(contact_id=filters.contact_id)
    return activities


def activity_get(*, user: User, pk: int | str) -> Activity:
    return get_visible_or_404(user, activity_list(user=user), pk=pk)


def planned_activities_of(*, owner: User) -> QuerySet[Activity]:
    """A person's own planned activities (their worklist)."""
    return (
        Activity.objects.filter(owner=owner, status=ActivityStatus.PLANNED)
        .select_related("account", "contact")
        .order_by("planned_for", "pk")
    )
