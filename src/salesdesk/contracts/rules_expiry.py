"""The worklist rule for expiring contracts: the owner decides, before the notice deadline, whether to
renew or let the contract end."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.contracts.expiry import contract_url, expiring_soon
from salesdesk.contracts.models import Contract
from salesdesk.core.models import CompanySettings
from salesdesk.org.models import User
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, capped, register_rule

# A notice deadline this close makes the item more pressing than others due the same day.
URGENT_NOTICE = timedelta(days=14)


class ExpiringContractsRule:
    name = "contracts-expiring"
    label: str | Promise = gettext_lazy("Contracts about to end")

    def items(self, *, user: User, today: date) -> list[WorklistItem]:
        days = CompanySettings.current().expiry_warning_days
        # The soonest to end first, and only as many as the list shows; the calendar holds the rest.
        contracts = expiring_soon(owner=user, today=today, days=days)[: ITEMS_PER_RULE + 1]
        return capped(
            [self._item(contract, today) for contract in contracts],
            limit=ITEMS_PER_RULE,
            rule=self.name,
            more_title=_("More of your contracts end soon: see the expiry calendar"),
            more_url=reverse("contracts:expiry-calendar"),
            priority=1,
        )

    def _item(self, contract: Contract, today: date) -> WorklistItem:
        deadline = contract.notice_deadline()
        # Due by the notice deadline; once it has passed, the contract's end is what is left to act on.
        due_on = deadline if deadline >= today else contract.end_on
        detail = _("%(account)s · ends on %(end)s · notice by %(deadline)s") % {
            "account": contract.account.name,
            "end": date_format(contract.end_on, "DATE_FORMAT"),
            "deadline": date_format(deadline, "DATE_FORMAT"),
        }
        return WorklistItem(
            key=f"contract-expiry:{contract.pk}:{contract.end_on.isoformat()}",
            rule=self.name,
            title=_("Renew or let go: %(title)s") % {"title": contract.title},
            url=contract_url(contract.pk),
            due_on=due_on,
            detail=detail,
            priority=3 if today <= deadline <= today + URGENT_NOTICE else 1,
        )


register_rule(ExpiringContractsRule())
