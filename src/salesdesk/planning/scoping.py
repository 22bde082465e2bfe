from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from salesdesk.core.scoping import NOTHING

if TYPE_CHECKING:
    from salesdesk.org.models import User


@dataclass(frozen=True, slots=True)
class SharedGoals:
    """Goals that are not one person's: visible to everyone in their business unit."""

    def q_for(self, user: User) -> Q:
        if not user.business_unit_id:
            return NOTHING
        return Q(person__isnull=True, business_unit_id=user.business_unit_id)
