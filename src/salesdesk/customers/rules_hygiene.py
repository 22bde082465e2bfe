"""Worklist rules of the customers app: hygiene.

A coordinator gets one item while contact details in their scope are broken, linking to the queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from salesdesk.customers.hygiene import can_review_hygiene, hygiene_queue
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.worklist.rules import WorklistItem, register_rule


class HygieneQueueRule:
    name = "hygiene"
    label: str | Promise = _("Contact details to fix")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        if Role.COORDINATOR not in user.roles or not can_review_hygiene(user):
            return
        count = hygiene_queue(user=user).count()
        if count:
            yield WorklistItem(
                key="hygiene:queue",
                rule=self.name,
                title=ngettext(
                    "%(count)s contact detail needs fixing", "%(count)s contact details need fixing", count
                )
                % {"count": count},
                url=reverse("customers:hygiene-queue"),
                priority=1,
            )


register_rule(HygieneQueueRule())
