"""How accounts and contacts are found by the search box."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import NOTHING, visible_to
from salesdesk.customers.choices import ContactPointKind
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.org.models import User
from salesdesk.search.matching import TRIGRAM_LENGTH, contains, digits_of, find
from salesdesk.search.registry import SearchResult, record_url, register_provider


class AccountSearch:
    kind = "account"
    label: str | Promise = _("Accounts")
    position = 10

    def search(self, *, user: User, query: str, limit: int) -> list[SearchResult]:
        accounts = (
            visible_to(user, Account)
            .filter(merged_into__isnull=True)
            .only("pk", "name", "legal_name", "vat_id", "domain", "country")
        )
        found = find(
            accounts,
            fields=["name", "legal_name", "vat_id", "domain"],
            query=query,
            limit=limit,
            full_text_field="name",
        )
        return [
            SearchResult(
                kind=self.kind,
                id=account.pk,
                title=account.name,
                subtitle=" · ".join(
                    part for part in (account.legal_name, account.domain, account.country) if part
                ),
                url=record_url("customers:account-detail", account.pk),
                score=score,
            )
            for account, score in found
        ]


class ContactSearch:
    kind = "contact"
    label: str | Promise = _("Contacts")
    position = 20

    def search(self, *, user: User, query: str, limit: int) -> list[SearchResult]:
        points = ContactPoint.objects.filter(
            contact__isnull=False, kind__in=[ContactPointKind.EMAIL, ContactPointKind.PHONE]
        )
        fragment = query.strip()
        # `normalized` is lower case (e-mails) or digits (phones): a plain LIKE, served by its trigram index.
        # Shorter fragments would match a good part of every address book: they find names only.
        point_match = (
            contains("value", fragment) | Q(normalized__contains=fragment.lower())
            if len(fragment) >= TRIGRAM_LENGTH
            else NOTHING
        )
        digits = digits_of(query)
        if digits:
            point_match |= Q(normalized__contains=digits.lstrip("0") or digits)
        primary_email = (
            ContactPoint.objects.filter(contact=OuterRef("pk"), kind=ContactPointKind.EMAIL)
            .order_by("-is_primary", "pk")
            .values("value")[:1]
        )
        contacts = (
            visible_to(user, Contact)
            .filter(merged_into__isnull=True)
            .select_related("account")
            .only("pk", "full_name", "title", "account__name")
            .annotate(primary_email=Subquery(primary_email))
        )
        found = find(
            contacts,
            fields=["full_name"],
            query=query,
            limit=limit,
            full_text_field="full_name",
            related_ids=points.filter(point_match).values("contact_id"),
        )
        return [
            SearchResult(
                kind=self.kind,
                id=contact.pk,
                title=contact.full_name,
                subtitle=" · ".join(
                    part
                    for part in (
                        contact.title,
                        contact.account.name if contact.account else "",
                        contact.primary_email or "",  # type: ignore[attr-defined]
                    )
                    if part
                ),
                url=record_url("customers:contact-detail", contact.pk),
                score=score,
            )
            for contact, score in found
        ]


register_provider(AccountSearch())
register_provider(ContactSearch())
