"""Worklist rules for deliverables: overdue promises escalate to the coordinators of the business unit,
and people see their own deliverables due this week."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from salesdesk.contracts.selectors import assigned_due_this_week, overdue_by_contract
from salesdesk.core.links import record_link
from salesdesk.org.models import User
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, capped, register_rule


class OverduePromisesRule:
    """One item per contract, not per deliverable: a coordinator chases the contract (and its rep or
    departments) once, and a contract with many late items would otherwise flood the list. The key holds
    the number overdue, so a promise that falls overdue later brings a snoozed item back."""

    name = "contracts-overdue-promises"
    label: str | Promise = gettext_lazy("Contracts with overdue promises")

    def items(self, *, user: User, today: date) -> list[WorklistItem]:
        link = record_link("contracts:contract-detail")
        items = [
            WorklistItem(
                key=f"contract-overdue:{row.contract_id}:{row.overdue}",
                rule=self.name,
                title=ngettext(
                    "%(contract)s: %(count)d promise overdue",
                    "%(contract)s: %(count)d promises overdue",
                    row.overdue,
                )
                % {"contract": row.number, "count": row.overdue},
                url=link(row.contract_id),
                due_on=row.oldest,
                detail=_("%(account)s · %(title)s") % {"account": row.account_name, "title": row.title},
                priority=2,
            )
            for row in overdue_by_contract(user=user, today=today, limit=ITEMS_PER_RULE + 1)
        ]
        return capped(
            items,
            limit=ITEMS_PER_RULE,
            rule=self.name,
            more_title=_("More contracts have overdue promises: see the department queues"),
            more_url=reverse("contracts:queue") + "?scope=department&due=overdue",
            priority=1,
        )


class MyDeliverablesRule:
    name = "contracts-my-deliverables"
    label: str | Promise = gettext_lazy("Your deliverables due this week")

    def items(self, *, user: User, today: date) -> list[WorklistItem]:
        link = record_link("contracts:deliverable-detail")
        items = [
            WorklistItem(
                key=f"deliverable:{deliverable.pk}:{deliverable.due_on.isoformat()}",
                rule=self.name,
                title=deliverable.title,
                url=link(deliverable.pk),
                due_on=deliverable.due_on,
                detail=_("%(contract)s · %(account)s · %(department)s")
                % {
                    "contract": deliverable.contract.number,
                    "account": deliverable.contract.account.name,
                    "department": deliverable.department.label,
                },
                priority=1,
            )
            for deliverable in assigned_due_this_week(user=user, today=today, limit=ITEMS_PER_RULE + 1)
        ]
        return capped(
            items,
            limit=ITEMS_PER_RULE,
            rule=self.name,
            more_title=_("More of your deliverables are due: see your queue"),
            more_url=reverse("contracts:queue") + "?scope=mine",
        )


register_rule(OverduePromisesRule())
register_rule(MyDeliverablesRule())
