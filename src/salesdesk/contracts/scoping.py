"""Contract scoping beyond ownership: department staff see the contracts they have work for, and the
queues are read the way the deliverable scope grants them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from salesdesk.core.scoping import NOTHING, visible_to
from salesdesk.org.choices import Role

if TYPE_CHECKING:
    from salesdesk.contracts.models import Deliverable
    from salesdesk.org.models import User


@dataclass(frozen=True, slots=True)
class ContractsWithWorkFor:
    def q_for(self, user: User) -> Q:
        from salesdesk.contracts.models import Deliverable

        if Role.DEPARTMENT_STAFF not in user.roles or not user.department_ids:
            return NOTHING
        work = Deliverable.objects.filter(department_id__in=sorted(user.department_ids))
        return Q(pk__in=work.values("contract_id"))


def assigned_rows(user: User) -> QuerySet[Deliverable]:
    """Deliverables assigned to `user`: all of them are theirs to see (the `AssignedTo` rule)."""
    from salesdesk.contracts.models import Deliverable

    return Deliverable.objects.filter(assignee=user)


def department_queue_rows(user: User, department_id: int) -> QuerySet[Deliverable]:
    """The deliverables of one department's queue that `user` may see.

    Department staff see all of their department's work (the `department` rule of the deliverable
    scope), so for them the department alone says it, which the queue index serves directly. Anyone
    else (a coordinator looking at a department of the unit) goes through the full scope.
    """
    from salesdesk.contracts.models import Deliverable

    if Role.DEPARTMENT_STAFF in user.roles and department_id in user.department_ids:
        return Deliverable.objects.filter(department_id=department_id)
    return visible_to(user, Deliverable).filter(department_id=department_id)
