"""The pipeline's worklist rule: open opportunities whose expected close has passed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.org.models import User
from salesdesk.pipeline.selectors import overdue_opportunities
from salesdesk.worklist.rules import WorklistItem, register_rule


class OverdueOpportunitiesRule:
    name = "pipeline-overdue"
    label: str | Promise = gettext_lazy("Opportunities past their expected close")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for opportunity in overdue_opportunities(owner=user, today=today):
            yield WorklistItem(
                key=f"opportunity-overdue:{opportunity.pk}:{opportunity.expected_close.isoformat()}",
                rule=self.name,
                title=_("Close or re-date: %(name)s") % {"name": opportunity.name},
                url=reverse("pipeline:opportunity-detail", args=[opportunity.pk]),
                due_on=opportunity.expected_close,
                detail=_("%(account)s · %(stage)s")
                % {"account": opportunity.account.name, "stage": opportunity.stage.name},
                priority=1,
            )


register_rule(OverdueOpportunitiesRule())
