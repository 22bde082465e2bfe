"""Worklist rules for deliverables: overdue promises escalate to the coordinators of the business unit,
and people see their own deliverables due this week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from salesdesk.contracts.selectors import assigned_due_this_week, overdue_by_contract
from salesdesk.org.models import User
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, register_rule


class OverduePromisesRule:
    """One item per contract, not per deliverable: a coordinator chases the contract (and its rep or
    departments) once, and a contract with many late items would otherwise flood the list. The key holds
    the number overdue, so a promise that falls overdue later brings a snoozed item back."""

    name = "contracts-overdue-promises"
    label: str | Promise = gettext_lazy("Contracts with overdue promises")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        rows = overdue_by_contract(user=user, today=today, limit=ITEMS_PER_RULE + 1)
        for row in rows[:ITEMS_PER_RULE]:
            yield WorklistItem(
                key=f"contract-overdue:{row.contract_id}:{row.overdue}",
                rule=self.name,
                title=ngettext(
                    "%(contract)s: %(count)d promise overdue",
                    "%(contract)s: %(count)d promises overdue",
                    row.overdue,
                )
                % {"contract": row.number, "count": row.overdue},
                url=reverse("contracts:contract-detail", args=[row.contract_id]),
                due_on=row.oldest,
                detail=_("%(account)s · %(title)s") % {"account": row.account_name, "title": row.title},
                priority=2,
            )
        if len(rows) > ITEMS_PER_RULE:
            yield WorklistItem(
                key=f"{self.name}:more",
                rule=self.name,
                title=_("More contracts have overdue promises: see the department queues"),
                url=reverse("contracts:queue") + "?scope=department&due=overdue",
                due_on=rows[ITEMS_PER_RULE].oldest,
                priority=1,
            )


class MyDeliverablesRule:
    name = "contracts-my-deliverables"
    label: str | Promise = gettext_lazy("Your deliverables due this week")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        deliverables = assigned_due_this_week(user=user, today=today, limit=ITEMS_PER_RULE + 1)
        for deliverable in deliverables[:ITEMS_PER_RULE]:
            yield WorklistItem(
                key=f"deliverable:{deliverable.pk}:{deliverable.due_on.isoformat()}",
                rule=self.name,
                title=deliverable.title,
                url=reverse("contracts:deliverable-detail", args=[deliverable.pk]),
                due_on=deliverable.due_on,
                detail=_("%(contract)s · %(account)s · %(department)s")
                % {
                    "contract": deliverable.contract.number,
                    "account": deliverable.contract.account.name,
                    "department": deliverable.department.name,
                },
                priority=1,
            )
        if len(deliverables) > ITEMS_PER_RULE:
            yield WorklistItem(
                key=f"{self.name}:more",
                rule=self.name,
                title=_("More of your deliverables are due: see your queue"),
                url=reverse("contracts:queue") + "?scope=mine",
                due_on=deliverables[ITEMS_PER_RULE].due_on,
                priority=0,
            )


register_rule(OverduePromisesRule())
register_rule(MyDeliverablesRule())
