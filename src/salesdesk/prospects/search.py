"""How prospects are found by the search box."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User
from salesdesk.prospects.models import Prospect
from salesdesk.search.matching import find
from salesdesk.search.registry import SearchResult, record_url, register_provider


class ProspectSearch:
    kind = "prospect"
    label: str | Promise = _("Prospects")
    position = 30

    def search(self, *, user: User, query: str, limit: int) -> list[SearchResult]:
        prospects = visible_to(user, Prospect).only("pk", "company_name", "contact_name", "email", "status")
        found = find(
            prospects,
            fields=["company_name", "contact_name", "email"],
            query=query,
            limit=limit,
            full_text_field="company_name",
        )
        return [
            SearchResult(
                kind=self.kind,
                id=prospect.pk,
                title=prospect.company_name,
                subtitle=" · ".join(
                    part
                    for part in (prospect.contact_name, prospect.email, prospect.get_status_display())
                    if part
                ),
                url=record_url("prospects:prospect-detail", prospect.pk),
                score=score,
            )
            for prospect, score in found
        ]


register_provider(ProspectSearch())
