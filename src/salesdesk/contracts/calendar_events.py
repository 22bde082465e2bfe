"""What contracts put in a person's calendar feed: their contracts' ends and notice deadlines, and the
deliverables they (or their department) must carry out, on the day each is due.

The feed is personal: a rep gets the contracts they own, not their whole team's. Rows are read with
`values()` in one query per kind, and each event's text is formatted directly, so a feed of thousands
of items costs a few queries and no template rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES, ContractStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.core.calendar import CalendarEvent, register_calendar_source
from salesdesk.core.links import record_link
from salesdesk.core.money import Money
from salesdesk.org.choices import Role
from salesdesk.org.models import User

# Notice deadlines lie before the end; contracts ending this much after the window may still have one
# inside it. Notice periods longer than this are not written in real contracts.
LONGEST_NOTICE = timedelta(days=3 * 366)


def _uid_domain() -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "salesdesk"


def _absolute_url(url_name: str, fallback: str) -> Callable[[int], str]:
    """pk → absolute URL of a record page, or of `fallback` while that page does not exist."""
    base = settings.SITE_URL.rstrip("/")
    try:
        path_of = record_link(url_name)
    except NoReverseMatch:
        fixed = base + reverse(fallback)
        return lambda pk: fixed
    return lambda pk: base + path_of(pk)


class _Formats:
    """Amounts and dates as the reader writes them, each distinct value formatted once: a feed holds
    thousands of them and the locale lookups, not the events, would otherwise take most of its time."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._amounts: dict[tuple[Decimal, str], str] = {}
        self._days: dict[date, str] = {}

    def amount(self, value: Decimal | None, currency: str) -> str:
        key = (value or Decimal(0), currency)
        if key not in self._amounts:
            self._amounts[key] = Money(key[0], currency).format(self.language)
        return self._amounts[key]

    def day(self, value: date) -> str:
        if value not in self._days:
            self._days[value] = date_format(value, "DATE_FORMAT")
        return self._days[value]


def contract_events(*, user: User, start: date, end: date) -> Iterator[CalendarEvent]:
    """The ends and notice deadlines of the signed contracts `user` owns, inside the window."""
    rows = (
        Contract.objects.filter(
            owner=user, status=ContractStatus.SIGNED, end_on__gte=start, end_on__lte=end + LONGEST_NOTICE
        )
        .order_by("end_on", "pk")
        .values_list(
            "pk",
            "number",
            "title",
            "account__name",
            "end_on",
            "notice_days",
            "auto_renew",
            "renewal_months",
            "value",
            "currency",
        )
    )
    domain = _uid_domain()
    url_of = _absolute_url("contracts:contract-detail", "contracts:expiry-calendar")
    formats = _Formats(translation.get_language() or "en")
    expiry_category = pgettext("calendar category", "Contract expiry")
    notice_category = pgettext("calendar category", "Notice deadline")
    # The texts are translated once per feed, not once per event.
    renews = _("Renews automatically for %(months)s months unless notice is given by %(deadline)s.")
    ends = _("Ends without automatic renewal; notice deadline %(deadline)s.")
    account_line = _("Account: %(account)s")
    value_line = _("Value: %(value)s")
    ends_summary = _("Contract ends: %(title)s (%(account)s)")
    notice_summary = _("Notice deadline: %(title)s (%(account)s)")
    for pk, number, title, account, end_on, notice_days, auto_renew, months, value, currency in rows:
        deadline = end_on - timedelta(days=notice_days)
        renewal = (renews if auto_renew else ends) % {"months": months, "deadline": formats.day(deadline)}
        description = "\n".join(
            [
                f"{number} · {title}",
                account_line % {"account": account},
                value_line % {"value": formats.amount(value, currency)},
                renewal,
            ]
        )
        url = url_of(pk)
        names = {"title": title, "account": account}
        if start <= end_on <= end:
            yield CalendarEvent(
                uid=f"contract-{pk}-end@{domain}",
                start=end_on,
                summary=ends_summary % names,
                description=description,
                url=url,
                categories=(expiry_category,),
            )
        if notice_days and start <= deadline <= end:
            yield CalendarEvent(
                uid=f"contract-{pk}-notice@{domain}",
                start=deadline,
                summary=notice_summary % names,
                description=description,
                url=url,
                categories=(notice_category,),
            )


def deliverable_events(*, user: User, start: date, end: date) -> Iterator[CalendarEvent]:
    """Open deliverables due inside the window: assigned to `user`, or in their departments' queues."""
    mine = Q(assignee=user)
    if Role.DEPARTMENT_STAFF in user.roles and user.department_ids:
        mine |= Q(department_id__in=sorted(user.department_ids))
    rows = (
        Deliverable.objects.filter(
            mine, status__in=OPEN_DELIVERABLE_STATUSES, due_on__gte=start, due_on__lte=end
        )
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "title",
            "detail",
            "due_on",
            "contract__number",
            "contract__account__name",
            "department__name",
        )
    )
    domain = _uid_domain()
    url_of = _absolute_url("contracts:deliverable-detail", "contracts:queue")
    category = pgettext("calendar category", "Deliverable due")
    contract_line = _("Contract %(number)s · %(account)s")
    department_line = _("Department: %(department)s")
    due_summary = _("Due: %(title)s (%(account)s)")
    for pk, title, detail, due_on, number, account, department in rows:
        lines = [
            contract_line % {"number": number, "account": account},
            department_line % {"department": department},
        ]
        if detail:
            lines.append(detail)
        yield CalendarEvent(
            uid=f"deliverable-{pk}-due@{domain}",
            start=due_on,
            summary=due_summary % {"title": title, "account": account},
            description="\n".join(lines),
            url=url_of(pk),
            categories=(category,),
        )


register_calendar_source(contract_events)
register_calendar_source(deliverable_events)
