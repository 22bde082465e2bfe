"""Worklist rules of the customers app: a person's planned activities, due on their planned day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.customers.selectors import planned_activities_of
from salesdesk.org.models import User
from salesdesk.worklist.rules import WorklistItem, register_rule


class PlannedActivitiesRule:
    name = "planned_activities"
    label: str | Promise = gettext_lazy("Planned activities")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for activity in planned_activities_of(owner=user):
            about = activity.contact or activity.account
            yield WorklistItem(
                key=f"activity:{activity.pk}",
                rule=self.name,
                title=_("%(kind)s: %(subject)s")
                % {"kind": activity.get_kind_display(), "subject": activity.subject},
                # The worklist posts "complete" to this address + "status/".
                url=reverse("customers:activity-detail", args=[activity.pk]),
                due_on=timezone.localdate(activity.planned_for) if activity.planned_for else None,
                detail=str(about) if about is not None else "",
                priority=1,
                actions=("complete",),
            )


register_rule(PlannedActivitiesRule())
