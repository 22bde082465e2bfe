"""The pipeline's worklist rule: open opportunities whose expected close has passed."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.core.links import record_link
from salesdesk.org.models import User
from salesdesk.pipeline.selectors import overdue_opportunities
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, capped, register_rule


class OverdueOpportunitiesRule:
    name = "pipeline-overdue"
    label: str | Promise = gettext_lazy("Opportunities past their expected close")

    def items(self, *, user: User, today: date) -> list[WorklistItem]:
        # The longest overdue first, and only as many as the list shows: a rep with hundreds of stale
        # deals gets the oldest and a link to all of them, not hundreds of rows read on every visit.
        overdue = overdue_opportunities(owner=user, today=today).order_by("expected_close", "pk")
        link = record_link("pipeline:opportunity-detail")
        items = [
            WorklistItem(
                key=f"opportunity-overdue:{opportunity.pk}:{opportunity.expected_close.isoformat()}",
                rule=self.name,
                title=_("Close or re-date: %(name)s") % {"name": opportunity.name},
                url=link(opportunity.pk),
                due_on=opportunity.expected_close,
                detail=_("%(account)s · %(stage)s")
                % {"account": opportunity.account.name, "stage": opportunity.stage.label},
                priority=1,
            )
            for opportunity in overdue[: ITEMS_PER_RULE + 1]
        ]
        yesterday = today - timedelta(days=1)
        return capped(
            items,
            limit=ITEMS_PER_RULE,
            rule=self.name,
            more_title=_("More of your opportunities are past their expected close: see the list"),
            more_url=reverse("pipeline:opportunity-list")
            + "?"
            + urlencode({"owner": user.username, "close_to": yesterday.isoformat(), "open": "on"}),
            priority=1,
        )


register_rule(OverdueOpportunitiesRule())
