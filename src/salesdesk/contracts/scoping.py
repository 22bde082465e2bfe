"""Department staff see the contracts they have work for, so a deliverable's contract opens for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from salesdesk.core.scoping import NOTHING
from salesdesk.org.choices import Role

if TYPE_CHECKING:
    from salesdesk.org.models import User


@dataclass(frozen=True, slots=True)
class ContractsWithWorkFor:
    def q_for(self, user: User) -> Q:
        from salesdesk.contracts.models import Deliverable

        if Role.DEPARTMENT_STAFF not in user.roles or not user.department_ids:
            return NOTHING
        work = Deliverable.objects.filter(department_id__in=sorted(user.department_ids))
        return Q(pk__in=work.values("contract_id"))
