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
from salesdesk.worklist.rules import WorklistItem, register_rule


class OverduePromisesRule:
    """One item per contract, not per deliverable: a coordinator chases the contract (and its rep or
    departments) once, and a contract with many late items would otherwise flood the list. The key holds
    the number overdue, so a promise that falls overdue later brings a snoozed item back."""

    name = "contracts-overdue-promises"
    label: str | Promise = gettext_lazy("Contracts with overdue promises")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for row in overdue_by_contract(user=user, today=today):
            yield WorklistItem(
                key=f"contract-overdue:{row['contract_id']}:{row['overdue']}",
                rule=self.name,
                title=ngettext(
                    "%(contract)s: %(count)d promise overdue",
                    "%(contract)s: %(count)d promises overdue",
                    row["overdue"],
                )
                % {"contract": row["contract__number"], "count": row["overdue"]},
                url=reverse("contracts:contract-detail", args=[row["contract_id"]]),
                due_on=row["oldest"],
                detail=_("%(account)s · %(title)s")
                % {"account": row["contract__account__name"], "title": row["contract__title"]},
                priority=2,
            )


class MyDeliverablesRule:
    name = "contracts-my-deliverables"
    label: str | Promise = gettext_lazy("Your deliverables due this week")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for deliverable in assigned_due_this_week(user=user, today=today):
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


register_rule(OverduePromisesRule())
register_rule(MyDeliverablesRule())
