"""The worklist rule of K1: once the deadline has come, the coordinator chases each rep of their unit who
has not handed in last month's numbers. (Reps are reminded by e-mail and in the bell, see reminders.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.core.periods import previous_month
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.reports.deadlines import submission_deadline
from salesdesk.reports.selectors import reps_missing
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, capped, register_rule


class MissingSubmissionsRule:
    name = "reports-missing"
    label: str | Promise = gettext_lazy("Monthly numbers not handed in")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        if not user.has_role(Role.COORDINATOR) or not user.business_unit_id:
            return
        month = previous_month(today)
        deadline = submission_deadline(month)
        if today < deadline:
            return
        unit_reps = User.objects.filter(business_unit_id=user.business_unit_id)
        missing = list(reps_missing(month=month, people=unit_reps)[: ITEMS_PER_RULE + 1])
        shown_month = date_format(month, "YEAR_MONTH_FORMAT")
        detail = _("Due on %(deadline)s") % {"deadline": date_format(deadline, "DATE_FORMAT")}
        report_url = f"{reverse('reports:monthly')}?month={month:%Y-%m}"
        items = [
            WorklistItem(
                key=f"reports-missing:{person.pk}:{month:%Y-%m}",
                rule=self.name,
                title=_("No numbers from %(person)s for %(month)s")
                % {"person": person.display_name, "month": shown_month},
                url=report_url,
                due_on=deadline,
                detail=detail,
                priority=2,
            )
            for person in missing
        ]
        yield from capped(
            items,
            limit=ITEMS_PER_RULE,
            rule=self.name,
            more_title=_("More reps without numbers for %(month)s") % {"month": shown_month},
            more_url=report_url,
            priority=2,
        )


register_rule(MissingSubmissionsRule())
