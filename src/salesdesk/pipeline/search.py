"""How opportunities are found by the search box."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity
from salesdesk.search.matching import find
from salesdesk.search.registry import SearchResult, record_url, register_provider


class OpportunitySearch:
    kind = "opportunity"
    label: str | Promise = _("Opportunities")
    position = 40

    def search(self, *, user: User, query: str, limit: int) -> list[SearchResult]:
        opportunities = (
            visible_to(user, Opportunity)
            .select_related("account", "stage")
            .only("pk", "name", "account__name", "stage__name")
        )
        found = find(
            opportunities,
            fields=["name", "account__name"],
            query=query,
            limit=limit,
            full_text_field="name",
        )
        return [
            SearchResult(
                kind=self.kind,
                id=opportunity.pk,
                title=opportunity.name,
                subtitle=" · ".join((opportunity.account.name, opportunity.stage.label)),
                url=record_url("pipeline:opportunity-detail", opportunity.pk),
                score=score,
            )
            for opportunity, score in found
        ]


register_provider(OpportunitySearch())
