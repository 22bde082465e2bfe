"""A5 upkeep cadences: what looking after each account asks of its owner on a day, and the rules' writes.

A rule applies to one account, to every account in a segment, or (neither set) to every account of its
business unit. For each account it yields dated upkeep items:

- holiday greeting: the public holidays of the countries of the account's contacts (the account's own
  country when no contact has one), a greeting due on the holiday, one item per account and holiday;
- periodic call: due `interval_days` after the last call logged on the account;
- yearly gift or dinner: due on `month`/`day` every year.

An item appears `lead_days` before it is due and is overdue after; it is done once an activity of the
matching kind with this cadence is logged on the account in its window (from `lead_days` before the due
day). Computing everyone's items for a day takes a fixed number of queries, however many accounts.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import ActivityKind, ActivityStatus, CadenceKind
from salesdesk.customers.models import Account, Activity, CadenceRule, Contact, Segment
from salesdesk.org.choices import Role
from salesdesk.org.models import User

# How long an undone item stays on the lists after its day.
OVERDUE_WINDOW_DAYS = 30
# Holidays closer than this merge into one occasion (Christmas Eve to Boxing Day, the Spring Festival).
OCCASION_GAP_DAYS = 2
# Days that are public holidays only by the calendar of the working week, not occasions to greet.
_NOT_OCCASIONS = ("day off", "non-working day", "(observed)", "substituted", "bridge")

ACTIVITY_KIND = {
    CadenceKind.HOLIDAY_GREETING: ActivityKind.GREETING,
    CadenceKind.PERIODIC_CALL: ActivityKind.CALL,
    CadenceKind.YEARLY_GIFT: ActivityKind.GIFT,
    CadenceKind.YEARLY_DINNER: ActivityKind.DINNER,
}
CADENCE_EDITORS = frozenset({Role.COORDINATOR, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class UpkeepItem:
    rule_id: int
    rule_name: str
    kind: str  # a CadenceKind
    account_id: int
    account_name: str
    owner_id: int
    owner_name: str
    due_on: date
    lead_days: int
    occasion: str = ""  # the holiday's name for greetings
    done: bool = False

    @property
    def key(self) -> str:
        return f"cadence:{self.rule_id}:{self.account_id}:{self.due_on.isoformat()}"

    @property
    def activity_kind(self) -> str:
        return ACTIVITY_KIND[CadenceKind(self.kind)]

    @property
    def shows_from(self) -> date:
        return self.due_on - timedelta(days=self.lead_days)

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due_on < today

    def title(self) -> str:
        if self.kind == CadenceKind.HOLIDAY_GREETING:
            return _("Send %(account)s greetings for %(occasion)s") % {
                "account": self.account_name,
                "occasion": self.occasion,
            }
        if self.kind == CadenceKind.PERIODIC_CALL:
            return _("Call %(account)s") % {"account": self.account_name}
        if self.kind == CadenceKind.YEARLY_GIFT:
            return _("Send %(account)s the yearly gift") % {"account": self.account_name}
        return _("Take %(account)s to the yearly dinner") % {"account": self.account_name}


# -- Holidays ------------------------------------------------------------------------------------------


def _holiday_language(country: str) -> str | None:
    try:
        supported = holidays.country_holidays(country).supported_languages
    except NotImplementedError:
        return None
    active = (translation.get_language() or "en").replace("-", "_")
    for candidate in (active, active.split("_")[0], "en_US"):
        if candidate in supported:
            return candidate
    return None


@lru_cache(maxsize=512)
def occasions(country: str, year: int, language: str | None = None) -> tuple[tuple[date, str], ...]:
    """The public-holiday occasions of `country` in `year`: (day, name), days close together merged."""
    try:
        calendar = holidays.country_holidays(country, years=year, language=language)
    except NotImplementedError:
        return ()
    days = sorted(
        (day, name)
        for day, names in calendar.items()
        for name in names.split("; ")
        if not any(marker in name.lower() for marker in _NOT_OCCASIONS)
    )
    result: list[tuple[date, str]] = []
    run: list[tuple[date, str]] = []
    for day, name in days:
        if run and (day - run[-1][0]).days > OCCASION_GAP_DAYS:
            result.append(_occasion(run))
            run = []
        run.append((day, name))
    if run:
        result.append(_occasion(run))
    return tuple(result)


def _occasion(run: list[tuple[date, str]]) -> tuple[date, str]:
    counts = Counter(name for _day, name in run)
    top = max(counts.values())
    # The most frequent name of the run, the earliest one on a tie: "Christmas Day", "Spring Festival".
    name = next(name for _day, name in run if counts[name] == top)
    return next(day for day, other in run if other == name), name


def _holiday_dates(countries: Iterable[str], start: date, end: date) -> list[tuple[date, str]]:
    found: dict[str, tuple[date, str]] = {}
    for country in sorted(set(countries)):
        language = _holiday_language(country)
        for year in range(start.year, end.year + 1):
            for day, name in occasions(country, year, language):
                if start <= day <= end:
                    # The same holiday in two countries is one greeting.
                    found.setdefault(f"{name}:{day.year}", (day, name))
    return sorted(found.values())


def _yearly(month: int, day: int, year: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, month, 28)


# -- Computing the items -------------------------------------------------------------------------------


def _rule_applies(rule: CadenceRule, account: Account, segment_ids: set[int]) -> bool:
    if rule.account_id is not None:
        return rule.account_id == account.pk
    if rule.segment_id is not None:
        return rule.segment_id in segment_ids
    return True


def upkeep_items(*, owners: Sequence[User] | QuerySet[User], today: date) -> list[UpkeepItem]:
    """Every upkeep item of the accounts `owners` own that shows on `today`: due soon or overdue, not done.

    Six queries whatever the number of owners, accounts, contacts and rules.
    """
    owner_list = list(owners)
    owner_ids = [owner.pk for owner in owner_list]
    unit_ids = {owner.business_unit_id for owner in owner_list if owner.business_unit_id}
    if not owner_ids or not unit_ids:
        return []
    rules = list(CadenceRule.objects.filter(business_unit_id__in=unit_ids, is_active=True).order_by("pk"))
    if not rules:
        return []
    account_filter = Q()
    if not any(rule.account_id is None and rule.segment_id is None for rule in rules):
        account_filter = Q(pk__in=[rule.account_id for rule in rules if rule.account_id]) | Q(
            segments__in=[rule.segment_id for rule in rules if rule.segment_id]
        )
    accounts = list(
        Account.objects.filter(account_filter, owner_id__in=owner_ids, merged_into__isnull=True)
        .select_related("owner")
        .prefetch_related(
            Prefetch("segments", queryset=Segment.objects.only("pk")),
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(merged_into__isnull=True).only("pk", "account_id", "country"),
            ),
        )
        .distinct()
        .order_by("name", "pk")
    )
    if not accounts:
        return []
    account_ids = [account.pk for account in accounts]
    max_lead = max(rule.lead_days for rule in rules)
    earliest = today - timedelta(days=OVERDUE_WINDOW_DAYS + max_lead)
    logged: dict[tuple[int, int, str], list[date]] = defaultdict(list)
    for activity in Activity.objects.filter(
        account_id__in=account_ids,
        cadence_id__in=[rule.pk for rule in rules],
        status=ActivityStatus.DONE,
        occurred_at__date__gte=earliest,
    ).only("account_id", "cadence_id", "kind", "occurred_at"):
        assert activity.occurred_at is not None
        assert activity.account_id is not None
        assert activity.cadence_id is not None
        logged[(activity.cadence_id, activity.account_id, activity.kind)].append(
            timezone.localdate(activity.occurred_at)
        )
    last_calls = {
        row["account_id"]: timezone.localdate(row["last"])
        for row in Activity.objects.filter(
            account_id__in=account_ids,
            kind=ActivityKind.CALL,
            status=ActivityStatus.DONE,
            occurred_at__isnull=False,
        )
        .values("account_id")
        .annotate(last=Max("occurred_at"))
    }
    items: list[UpkeepItem] = []
    for account in accounts:
        segment_ids = {segment.pk for segment in account.segments.all()}
        countries = {contact.country for contact in account.contacts.all() if contact.country}
        if not countries and account.country:
            countries = {account.country}
        for rule in rules:
            if not _rule_applies(rule, account, segment_ids):
                continue
            for due_on, occasion in _due_dates(rule, today, countries, last_calls.get(account.pk)):
                window_start = due_on - timedelta(days=rule.lead_days)
                if not window_start <= today <= due_on + timedelta(days=OVERDUE_WINDOW_DAYS):
                    continue
                activity_kind = ACTIVITY_KIND[CadenceKind(rule.kind)]
                done = any(
                    window_start <= day <= due_on + timedelta(days=OVERDUE_WINDOW_DAYS)
                    for day in logged.get((rule.pk, account.pk, activity_kind), [])
                )
                if done:
                    continue
                items.append(
                    UpkeepItem(
                        rule_id=rule.pk,
                        rule_name=rule.name,
                        kind=rule.kind,
                        account_id=account.pk,
                        account_name=account.name,
                        owner_id=account.owner_id,
                        owner_name=account.owner.display_name,
                        due_on=due_on,
                        lead_days=rule.lead_days,
                        occasion=occasion,
                    )
                )
    items.sort(key=lambda item: (item.due_on, item.account_name, item.rule_id))
    return items


def _due_dates(
    rule: CadenceRule, today: date, countries: set[str], last_call: date | None
) -> list[tuple[date, str]]:
    start = today - timedelta(days=OVERDUE_WINDOW_DAYS)
    end = today + timedelta(days=rule.lead_days)
    if rule.kind == CadenceKind.HOLIDAY_GREETING:
        return _holiday_dates(countries, start, end)
    if rule.kind == CadenceKind.PERIODIC_CALL:
        if not rule.interval_days:
            return []
        if last_call is None:
            # Never called: due from the day the rule began.
            return [(timezone.localdate(rule.created_at), "")]
        return [(last_call + timedelta(days=rule.interval_days), "")]
    if rule.month and rule.day:
        return [
            (day, "")
            for day in (_yearly(rule.month, rule.day, year) for year in range(start.year, end.year + 1))
            if start <= day <= end
        ]
    return []


def upkeep_for(*, user: User, today: date) -> list[UpkeepItem]:
    """The upkeep of the accounts `user` owns."""
    return upkeep_items(owners=[user], today=today)


def overdue_upkeep(*, manager: User, today: date) -> list[UpkeepItem]:
    """Overdue upkeep of everyone down `manager`'s reporting line (and their own), oldest first."""
    from salesdesk.org.selectors import reporting_line

    people = [manager, *reporting_line(manager=manager).filter(is_active=True)]
    return [item for item in upkeep_items(owners=people, today=today) if item.is_overdue(today)]


# -- Rules: reads and writes ---------------------------------------------------------------------------


def can_edit_cadences(user: User) -> bool:
    return bool(user.roles & CADENCE_EDITORS)


def cadence_list(*, user: User, include_inactive: bool = True) -> QuerySet[CadenceRule]:
    rules = visible_to(user, CadenceRule).select_related("segment", "account")
    return rules if include_inactive else rules.filter(is_active=True)


def _validate(rule: CadenceRule, *, acting: User) -> None:
    errors: dict[str, list[str]] = {}
    if not rule.name.strip():
        errors.setdefault("name", []).append(_("Give the cadence a name."))
    if rule.kind not in CadenceKind.values:
        errors.setdefault("kind", []).append(_("Choose what kind of upkeep this is."))
    if rule.segment_id and rule.account_id:
        errors.setdefault("account", []).append(_("Choose a segment or an account, not both."))
    if (
        rule.segment_id
        and not Segment.objects.filter(pk=rule.segment_id, business_unit_id=rule.business_unit_id).exists()
    ):
        errors.setdefault("segment", []).append(_("Choose a segment of your business unit."))
    if rule.account_id and not visible_to(acting, Account).filter(pk=rule.account_id).exists():
        errors.setdefault("account", []).append(_("Choose an account you can see."))
    if rule.kind == CadenceKind.PERIODIC_CALL and not rule.interval_days:
        errors.setdefault("interval_days", []).append(_("Say how many days between calls."))
    if rule.kind in (CadenceKind.YEARLY_GIFT, CadenceKind.YEARLY_DINNER):
        if not rule.month or not 1 <= rule.month <= 12:
            errors.setdefault("month", []).append(_("Choose the month, 1 to 12."))
        # 2028 is a leap year: 29 February is allowed (and falls on the 28th in common years).
        elif not rule.day or not 1 <= rule.day <= calendar.monthrange(2028, rule.month)[1]:
            errors.setdefault("day", []).append(_("Choose a day of that month."))
    if rule.lead_days > 90:
        errors.setdefault("lead_days", []).append(_("Put it on the worklist at most 90 days ahead."))
    if errors:
        raise ValidationError(errors)


def _check_editor(user: User) -> None:
    if not can_edit_cadences(user) or not user.business_unit_id:
        raise ValidationError(_("Only coordinators and managers set upkeep cadences."))


_FIELDS = ("name", "kind", "segment", "account", "interval_days", "month", "day", "lead_days")


@transaction.atomic
def cadence_create(*, created_by: User, name: str, kind: str, **fields: Any) -> CadenceRule:
    """Create an active cadence rule in the creator's business unit; validated, audited."""
    _check_editor(created_by)
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError(f"Unknown cadence fields: {sorted(unknown)}")
    unit_id = created_by.business_unit_id
    assert unit_id is not None  # checked by _check_editor
    rule = CadenceRule(business_unit_id=unit_id, name=name.strip(), kind=kind, **fields)
    if rule.lead_days is None:
        rule.lead_days = 7
    _validate(rule, acting=created_by)
    rule.save()
    audit_record(actor=created_by, verb="cadence.create", target=rule)
    return rule


@transaction.atomic
def cadence_update(*, rule: CadenceRule, changed_by: User, **fields: Any) -> CadenceRule:
    """Change a rule the person may see; validated before anything is saved, audited with the changes."""
    _check_editor(changed_by)
    rule = visible_to(changed_by, CadenceRule).select_for_update().get(pk=rule.pk)
    changes: dict[str, Any] = {}
    for field, value in fields.items():
        if field not in (*_FIELDS, "is_active"):
            raise TypeError(f"Unknown cadence field: {field}")
        if field in ("segment", "account"):
            old, new = getattr(rule, f"{field}_id"), value.pk if value is not None else None
        else:
            old, new = getattr(rule, field), value
        if old != new:
            changes[field] = [str(old), str(new)]
        setattr(rule, field, value)
    _validate(rule, acting=changed_by)
    rule.save()
    if changes:
        audit_record(actor=changed_by, verb="cadence.update", target=rule, changes=changes)
    return rule


def cadence_deactivate(*, rule: CadenceRule, changed_by: User) -> CadenceRule:
    """Stop a rule: its items leave every worklist; history and logged activities stay."""
    return cadence_update(rule=rule, changed_by=changed_by, is_active=False)
