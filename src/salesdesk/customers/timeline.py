"""The timeline of an account or a contact: everything that happened to it, newest first.

Like the worklist, the timeline is built by providers. A provider has a `name` and
`entries(user=..., record=...)` yielding `TimelineEntry`s about an account or a contact that `user` may
see. Later capabilities (orders, contracts, tickets) register their own provider with `register_provider`
in their AppConfig.ready(), and their entries appear without touching this module.

Each provider makes a fixed number of queries whatever the number of entries, and reads only its newest
entries up to the page shown: an account with years of calls shows its first page as fast as a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from salesdesk.core.audit import history_diffs
from salesdesk.core.paging import ListPage, page_number, page_of
from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import ActivityStatus
from salesdesk.customers.models import Account, Activity, Contact

if TYPE_CHECKING:
    from salesdesk.org.models import User

Record = Account | Contact
PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: datetime
    kind: str  # "activity", "opportunity", "stage", "task", "change", or a later capability's own
    title: str
    url: str = ""
    who: Any = None  # the person who did it, if known
    detail: str = ""


class TimelineProvider(Protocol):
    name: str

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterable[TimelineEntry]:
        """Entries about `record` that `user` may see: at least the provider's `newest` newest ones
        (more are allowed), or all of them when `newest` is None."""
        ...


_providers: dict[str, TimelineProvider] = {}


def register_provider(provider: TimelineProvider) -> TimelineProvider:
    if provider.name in _providers and type(_providers[provider.name]) is not type(provider):
        raise ValueError(f"A timeline provider named {provider.name!r} is registered already.")
    _providers[provider.name] = provider
    return provider


def registered_providers() -> list[TimelineProvider]:
    return list(_providers.values())


def timeline(*, user: User, record: Record, newest: int | None = None) -> list[TimelineEntry]:
    """The entries about `record` from every provider, newest first: all of them, or the `newest`."""
    entries = [
        entry
        for provider in registered_providers()
        for entry in provider.entries(user=user, record=record, newest=newest)
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries if newest is None else entries[:newest]


def timeline_page(*, user: User, record: Record, page: Any = 1) -> ListPage[TimelineEntry]:
    """One page of the timeline; a page past the end shows the last one."""
    number = page_number(page)
    entries = timeline(user=user, record=record, newest=number * PAGE_SIZE + 1)
    last = max(1, -(-len(entries) // PAGE_SIZE))
    return page_of(entries, min(number, last), PAGE_SIZE)


def _url(name: str, pk: int) -> str:
    # Pages of other capabilities may not exist in every installation; an entry without a link is fine.
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _about(record: Record, *, prefix: str = "") -> Q:
    """Rows linked to the record; an account's rows include those of its contacts."""
    if isinstance(record, Account):
        return Q(**{f"{prefix}account": record}) | Q(**{f"{prefix}contact__account": record})
    return Q(**{f"{prefix}contact": record})


class ActivitiesProvider:
    name = "activities"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        # When an activity happened, as the entry shows it: planned ones on their planned day.
        happened = Coalesce(
            Case(When(status=ActivityStatus.PLANNED, then=F("planned_for")), default=F("occurred_at")),
            F("created_at"),
        )
        activities = (
            visible_to(user, Activity)
            .filter(_about(record))
            .select_related("owner", "contact")
            .order_by(happened.desc(), "-pk")
        )
        for activity in activities[:newest]:
            planned = activity.status == ActivityStatus.PLANNED
            when = (activity.planned_for if planned else activity.occurred_at) or activity.created_at
            parts = [str(activity.get_status_display()) if planned else ""]
            if activity.outcome:
                parts.append(str(activity.get_outcome_display()))
            if isinstance(record, Account) and activity.contact is not None:
                parts.append(str(activity.contact))
            if activity.notes:
                parts.append(activity.notes[:200])
            yield TimelineEntry(
                when=when,
                kind="activity",
                title=_("%(kind)s: %(subject)s")
                % {"kind": activity.get_kind_display(), "subject": activity.subject},
                url=reverse("customers:activity-detail", args=[activity.pk]),
                who=activity.owner,
                detail=" · ".join(part for part in parts if part),
            )


class OpportunitiesProvider:
    name = "opportunities"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        from salesdesk.pipeline.models import Opportunity, StageChange

        opportunities = visible_to(user, Opportunity)
        if isinstance(record, Account):
            opportunities = opportunities.filter(account=record)
        else:
            opportunities = opportunities.filter(contact=record)
        for opportunity in opportunities.select_related("owner").order_by("-created_at", "-pk")[:newest]:
            yield TimelineEntry(
                when=opportunity.created_at,
                kind="opportunity",
                title=_("Opportunity opened: %(name)s") % {"name": opportunity.name},
                url=_url("pipeline:opportunity-detail", opportunity.pk),
                who=opportunity.owner,
                detail=f"{opportunity.amount} {opportunity.currency}",
            )
        changes = (
            StageChange.objects.filter(opportunity__in=opportunities.values("pk"), from_stage__isnull=False)
            .select_related("opportunity", "from_stage", "to_stage", "changed_by")
            .order_by("-changed_at", "-pk")
        )
        for change in changes[:newest]:
            yield TimelineEntry(
                when=change.changed_at,
                kind="stage",
                title=_("%(name)s moved to %(stage)s")
                % {"name": change.opportunity.name, "stage": change.to_stage.label},
                url=_url("pipeline:opportunity-detail", change.opportunity_id),
                who=change.changed_by,
                detail=_("from %(stage)s") % {"stage": change.from_stage.label if change.from_stage else "—"},
            )


class TasksProvider:
    name = "tasks"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        from salesdesk.worklist.models import Task

        tasks = (
            visible_to(user, Task)
            .filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
            .select_related("owner")
            .order_by(Coalesce(F("completed_at"), F("created_at")).desc(), "-pk")
        )
        for task in tasks[:newest]:
            yield TimelineEntry(
                when=task.completed_at or task.created_at,
                kind="task",
                title=_("Task: %(title)s") % {"title": task.title},
                url=_url("worklist:task-detail", task.pk),
                who=task.owner,
                detail=str(task.get_status_display()),
            )


class ChangesProvider:
    name = "changes"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        for version in history_diffs(record, newest=newest):
            if version["type"] == "+":
                title = _("Created")
                detail = ""
            elif version["changes"]:
                title = _("Changed")
                detail = "; ".join(
                    _("%(field)s: %(old)s → %(new)s")
                    % {"field": label, "old": old if old not in (None, "") else "—", "new": new or "—"}
                    for label, old, new in version["changes"]
                )
            else:
                continue
            yield TimelineEntry(
                when=version["when"],
                kind="change",
                title=title,
                who=version["who"],
                detail=" — ".join(part for part in (detail, version["reason"]) if part),
            )


register_provider(ActivitiesProvider())
register_provider(OpportunitiesProvider())
register_provider(TasksProvider())
register_provider(ChangesProvider())
