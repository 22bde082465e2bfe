"""The orders' worklist rule: incidents still open a few days after they were reported, for their owner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.orders.selectors import INCIDENT_STALE_DAYS, stale_incidents
from salesdesk.org.models import User
from salesdesk.worklist.rules import WorklistItem, register_rule


class StaleIncidentsRule:
    name = "orders-incidents"
    label: str | Promise = gettext_lazy("Incidents still open")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        for incident in stale_incidents(owner=user, today=today):
            yield WorklistItem(
                key=f"incident-open:{incident.pk}",
                rule=self.name,
                title=_("Resolve the incident: %(kind)s on %(order)s")
                % {"kind": incident.get_kind_display(), "order": incident.order.number},
                url=reverse("orders:incident-detail", args=[incident.pk]),
                # Due once it has been open the allowed days, so it shows as overdue after that.
                due_on=incident.reported_on + timedelta(days=INCIDENT_STALE_DAYS),
                detail=_("%(account)s · reported %(day)s")
                % {"account": incident.order.account.name, "day": incident.reported_on.isoformat()},
                priority=2,
            )


register_rule(StaleIncidentsRule())
