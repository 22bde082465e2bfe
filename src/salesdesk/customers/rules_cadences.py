"""Worklist rules of the customers app: cadences. Due upkeep goes on the owner's list ahead of time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from salesdesk.customers.cadences import UpkeepItem, upkeep_for
from salesdesk.org.models import User
from salesdesk.worklist.rules import WorklistItem, register_rule


def log_url(item: UpkeepItem) -> str:
    """The "log it" page of an item: logging the activity there marks the item done."""
    query = urlencode(
        {"rule": str(item.rule_id), "account": str(item.account_id), "due": item.due_on.isoformat()}
    )
    return f"{reverse('customers:upkeep-log')}?{query}"


class UpkeepRule:
    name = "upkeep"
    label: str | Promise = _("Upkeep")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for item in upkeep_for(user=user, today=today):
            yield WorklistItem(
                key=item.key,
                rule=self.name,
                title=item.title(),
                url=log_url(item),
                due_on=item.due_on,
                detail=item.rule_name,
                priority=1,
                actions=("log",),
            )


register_rule(UpkeepRule())
