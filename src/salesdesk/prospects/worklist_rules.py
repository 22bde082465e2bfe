"""Prospecting on the worklist: prospects teed up for a rep, and prospects sent back to their coordinator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectStatus
from salesdesk.prospects.models import Prospect
from salesdesk.worklist.rules import WorklistItem, register_rule


class TeedUpProspectsRule:
    """Prospects a coordinator teed up for the rep, waiting to be accepted or sent back."""

    name = "prospects_teed_up"
    label: str | Promise = gettext_lazy("Prospects teed up for you")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        waiting = Prospect.objects.filter(status=ProspectStatus.TEED_UP, assigned_rep=user).select_related(
            "teed_up_by"
        )
        for prospect in waiting:
            yield WorklistItem(
                key=f"prospect-teed-up:{prospect.pk}:{prospect.version}",
                rule=self.name,
                title=_("Prospect teed up for you: %(company)s") % {"company": prospect.company_name},
                url=reverse("prospects:prospect-detail", args=[prospect.pk]),
                due_on=timezone.localdate(prospect.teed_up_at) if prospect.teed_up_at else None,
                detail=prospect.handoff_note[:200],
                priority=1,
            )


class SentBackProspectsRule:
    """Prospects a rep handed back, waiting for the coordinator who teed them up (or researches them)."""

    name = "prospects_sent_back"
    label: str | Promise = gettext_lazy("Prospects sent back to you")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        waiting = Prospect.objects.filter(
            Q(teed_up_by=user) | Q(teed_up_by__isnull=True, owner=user), status=ProspectStatus.SENT_BACK
        )
        for prospect in waiting:
            yield WorklistItem(
                key=f"prospect-sent-back:{prospect.pk}:{prospect.version}",
                rule=self.name,
                title=_("Sent back: %(company)s") % {"company": prospect.company_name},
                url=reverse("prospects:prospect-detail", args=[prospect.pk]),
                detail=prospect.sent_back_reason[:200],
                priority=1,
            )


register_rule(TeedUpProspectsRule())
register_rule(SentBackProspectsRule())
