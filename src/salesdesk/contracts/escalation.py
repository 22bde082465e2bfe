"""Overdue promises escalate: each deliverable still open the day after its due date is marked escalated
once, and the coordinators of its business unit get one notification per run naming the contracts.

The worklist shows coordinators the contracts with overdue promises every day (`rules_deliverables`);
this adds the moment it happened (`Deliverable.escalated_at`, shown on the deliverable) and a bell
notification, so a newly late promise is not lost among the old ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES
from salesdesk.contracts.models import Deliverable
from salesdesk.core.notifications import notification_create
from salesdesk.org.choices import Role
from salesdesk.org.models import User

CHUNK_SIZE = 5000
# A notification names this many contracts; the worklist holds them all.
NAMED_CONTRACTS = 10


@dataclass(frozen=True)
class EscalationRun:
    escalated: int
    notified: int


def _coordinators_by_unit(unit_ids: set[int]) -> dict[int, list[User]]:
    people = User.objects.filter(
        is_active=True, business_unit_id__in=unit_ids, role_grants__role=Role.COORDINATOR
    ).distinct()
    result: dict[int, list[User]] = defaultdict(list)
    for person in people:
        assert person.business_unit_id is not None  # filtered on it above
        result[person.business_unit_id].append(person)
    return result


@transaction.atomic
def escalate_overdue(*, today: date | None = None) -> EscalationRun:
    """Mark the open deliverables due before `today` that were not escalated yet, and tell the coordinators.

    Running it again the same day escalates nothing and notifies nobody.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    fresh = Deliverable.objects.filter(
        status__in=OPEN_DELIVERABLE_STATUSES, due_on__lt=today, escalated_at__isnull=True
    )
    # unit id → contract number → how many of its promises fell overdue in this run
    per_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    escalated = 0
    while True:
        rows = list(
            # No order: the planner reads the (status, due_on) index; marked rows leave the filter.
            fresh.order_by().values_list("pk", "department__business_unit_id", "contract__number")[
                :CHUNK_SIZE
            ]
        )
        if not rows:
            break
        Deliverable.objects.filter(pk__in=[pk for pk, _unit, _number in rows]).update(
            escalated_at=now, updated_at=now
        )
        for _pk, unit_id, number in rows:
            per_unit[unit_id][number] += 1
        escalated += len(rows)
    notified = 0
    for unit_id, people in _coordinators_by_unit(set(per_unit)).items():
        contracts = per_unit[unit_id]
        for person in people:
            _notify(person, contracts)
            notified += 1
    return EscalationRun(escalated=escalated, notified=notified)


def _notify(person: User, contracts: dict[str, int]) -> None:
    total = sum(contracts.values())
    named = sorted(contracts.items(), key=lambda item: (-item[1], item[0]))[:NAMED_CONTRACTS]
    with translation.override(person.language or None):
        title = ngettext("%(count)d promise fell overdue", "%(count)d promises fell overdue", total) % {
            "count": total
        }
        lines = [
            ngettext("%(contract)s: %(count)d promise", "%(contract)s: %(count)d promises", count)
            % {"contract": number, "count": count}
            for number, count in named
        ]
        if len(contracts) > len(named):
            more = len(contracts) - len(named)
            lines.append(
                ngettext("and %(count)d more contract", "and %(count)d more contracts", more)
                % {"count": more}
            )
        notification_create(
            recipient=person, title=title, body="\n".join(lines), url=reverse("worklist:home")
        )
