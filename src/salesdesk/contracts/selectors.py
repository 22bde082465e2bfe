"""Reads of contracts, their promises and the department queues, always scoped to the reader."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES, ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.contracts.scoping import assigned_rows, department_queue_rows
from salesdesk.core.audit import history_diffs
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.orders.models import BillingEntry
from salesdesk.org.choices import Role
from salesdesk.org.models import Department, User

QueueScope = Literal["mine", "department"]
QueueDue = Literal["all", "week", "overdue"]
QUEUE_SCOPES: tuple[QueueScope, ...] = ("mine", "department")
QUEUE_DUES: tuple[QueueDue, ...] = ("all", "week", "overdue")
# Tab counts stop here: counting a queue of a million rows on every page view would cost more than the page.
COUNT_CAP = 1000


# --- Contracts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractFilters:
    status: str = ""
    owner_id: int | None = None
    account_id: int | None = None
    expiring_from: date | None = None
    expiring_to: date | None = None
    search: str = ""


def contract_list(*, user: User, filters: ContractFilters | None = None) -> QuerySet[Contract]:
    """Contracts `user` may see, narrowed by `filters`, with what a list row shows joined in."""
    filters = filters or ContractFilters()
    rows = visible_to(user, Contract).select_related("account", "owner")
    conditions = Q()
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.owner_id:
        conditions &= Q(owner_id=filters.owner_id)
    if filters.account_id:
        conditions &= Q(account_id=filters.account_id)
    if filters.expiring_from:
        conditions &= Q(end_on__gte=filters.expiring_from)
    if filters.expiring_to:
        conditions &= Q(end_on__lte=filters.expiring_to)
    if filters.search:
        term = filters.search.strip()
        conditions &= Q(number__icontains=term) | Q(title__icontains=term) | Q(account__name__icontains=term)
    return rows.filter(conditions)


def contract_get(*, user: User, pk: int | str) -> Contract:
    """One contract, or 404 when `user` may not see it."""
    rows = contract_list(user=user).select_related("contact", "signed_by", "opportunity", "price_list")
    return get_visible_or_404(user, rows, pk=pk)


def contract_lines(*, contract: Contract) -> list[ContractLine]:
    return list(contract.lines.select_related("product").order_by("position", "pk"))


def contract_deliverables(*, user: User, contract: Contract) -> QuerySet[Deliverable]:
    """The contract's promises the reader may see (department staff: their departments' ones)."""
    return (
        visible_to(user, Deliverable)
        .filter(contract=contract)
        .select_related("department", "line__product", "assignee", "confirmed_by")
        .order_by("due_on", "pk")
    )


def contract_billing_entries(*, user: User, contract: Contract) -> QuerySet[BillingEntry]:
    return visible_to(user, BillingEntry).filter(contract=contract).order_by("bill_on", "pk")


def contract_history(*, contract: Contract) -> list[dict[str, Any]]:
    return history_diffs(contract)


@dataclass(frozen=True)
class Promises:
    """How a contract's promises stand; cancelled ones count for nothing."""

    done: int
    open: int
    overdue: int
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.done + self.open

    @property
    def all_kept(self) -> bool:
        return self.total > 0 and self.open == 0

    @property
    def summary(self) -> str:
        if self.total == 0:
            return _("No promises to keep yet")
        if self.all_kept:
            return _("All promises kept")
        text = _("%(done)d of %(total)d promises kept") % {"done": self.done, "total": self.total}
        if self.overdue:
            text += ", " + _("%(count)d overdue") % {"count": self.overdue}
        return text


def _promise_counts(today: date) -> dict[str, Count]:
    open_q = Q(status__in=OPEN_DELIVERABLE_STATUSES)
    return {
        "done": Count("pk", filter=Q(status=DeliverableStatus.DONE)),
        "open": Count("pk", filter=open_q),
        "overdue": Count("pk", filter=open_q & Q(due_on__lt=today)),
        "cancelled": Count("pk", filter=Q(status=DeliverableStatus.CANCELLED)),
    }


def promises_kept(contract: Contract, *, today: date | None = None) -> Promises:
    """Done / open / overdue promises of the contract (all of them, whoever reads), one query."""
    today = today or timezone.localdate()
    counts = Deliverable.objects.filter(contract=contract).aggregate(**_promise_counts(today))
    return Promises(**counts)


def promises_for(contracts: Iterable[Contract], *, today: date | None = None) -> dict[int, Promises]:
    """`promises_kept` for a page of contracts in one grouped query."""
    today = today or timezone.localdate()
    ids = [contract.pk for contract in contracts]
    counts = _promise_counts(today)
    rows = (
        Deliverable.objects.filter(contract_id__in=ids)
        .order_by()
        .values("contract_id")
        .annotate(
            done=counts["done"], open=counts["open"], overdue=counts["overdue"], cancelled=counts["cancelled"]
        )
        .values_list("contract_id", "done", "open", "overdue", "cancelled")
    )
    result = {contract_id: Promises(0, 0, 0) for contract_id in ids}
    for contract_id, done, open_, overdue, cancelled in rows:
        result[contract_id] = Promises(done=done, open=open_, overdue=overdue, cancelled=cancelled)
    return result


def signable_contracts(*, user: User, ids: Iterable[int]) -> list[int]:
    """The drafts among `ids` the person may see (what "Sign selected" will sign)."""
    return list(
        visible_to(user, Contract)
        .filter(pk__in=list(ids), status=ContractStatus.DRAFT)
        .values_list("pk", flat=True)
    )


# --- Deliverables and queues -----------------------------------------------------------------------


def deliverable_get(*, user: User, pk: int | str) -> Deliverable:
    rows = visible_to(user, Deliverable).select_related(
        "contract__account",
        "contract__owner",
        "line__product",
        "department",
        "assignee",
        "confirmed_by",
    )
    return get_visible_or_404(user, rows, pk=pk)


def deliverable_history(*, deliverable: Deliverable) -> list[dict[str, Any]]:
    return history_diffs(deliverable)


def department_members(*, department: Department) -> QuerySet[User]:
    return department.members.filter(is_active=True).order_by("full_name", "username")


def queue_departments(*, user: User) -> list[Department]:
    """The departments whose queue `user` may open: their own, and for coordinators and admins every
    department of their business unit."""
    condition = Q(pk__in=sorted(user.department_ids))
    if user.roles & {Role.COORDINATOR, Role.ADMIN} and user.business_unit_id:
        condition |= Q(business_unit_id=user.business_unit_id)
    return list(Department.objects.filter(condition).order_by("name"))


def end_of_week(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


@dataclass(frozen=True)
class QueueQuery:
    """Which queue a person reads: "mine" (assigned to them) or one department's; all open items, due
    this week (today to Sunday) or overdue. Rows come oldest due first, ordered (due_on, id)."""

    user: User
    scope: QueueScope = "mine"
    department_id: int | None = None
    due: QueueDue = "all"
    today: date = field(default_factory=timezone.localdate)
    # `queue_departments(user=...)`, when the caller has read them already (the queue page shows them).
    departments: Sequence[Department] | None = None

    @cached_property
    def _scoped(self) -> QuerySet[Deliverable]:
        """The whole queue as the scope grants it; a department the person may not open answers 404.

        A department queue is read from `department_queue_rows` once the membership check passed: it
        names the department the way the queue index (department, status, due_on) is built, where the
        generic scope's OR over the contract owner would join every row to its contract.
        """
        if self.scope == "department":
            departments = self.departments
            if departments is None:
                departments = queue_departments(user=self.user)
            allowed = {department.pk for department in departments}
            if self.department_id is None or self.department_id not in allowed:
                raise Http404
            return department_queue_rows(self.user, self.department_id)
        return assigned_rows(self.user)

    def rows(
        self, statuses: Sequence[str] = OPEN_DELIVERABLE_STATUSES, *, due: QueueDue | None = None
    ) -> QuerySet[Deliverable]:
        """The queue's deliverables in `statuses`, due as the query says (or as `due` overrides)."""
        rows = self._scoped
        # One status is named with "=", not "IN": the planner then walks the index in order and stops.
        rows = rows.filter(status=statuses[0]) if len(statuses) == 1 else rows.filter(status__in=statuses)
        due = due or self.due
        if due == "week":
            rows = rows.filter(due_on__gte=self.today, due_on__lte=end_of_week(self.today))
        elif due == "overdue":
            rows = rows.filter(due_on__lt=self.today)
        return rows.order_by("due_on", "pk")


def queue(
    *,
    user: User,
    scope: QueueScope = "mine",
    department_id: int | None = None,
    due: QueueDue = "all",
    today: date | None = None,
) -> QuerySet[Deliverable]:
    """Open deliverables of a queue (see `QueueQuery`); another department than the person's answers 404."""
    query = QueueQuery(user, scope, department_id, due, today or timezone.localdate())
    return query.rows().select_related("contract__account", "line__product", "assignee", "department")


# The columns a queue row reads with the deliverable: not every column of three tables.
QUEUE_ROW_COLUMNS = (
    "title",
    "status",
    "due_on",
    "department_id",
    "assignee_id",
    "contract_id",
    "line_id",
    "confirmed_by_id",
    "contract__number",
    "contract__account__name",
)
# Read for the page's rows after the merge, a few small lookups: joined into each status stream they
# made PostgreSQL plan a six-table join twice per page (8 ms each) for rows that are mostly the same.
QUEUE_ROW_RELATED = ("line__product", "department", "assignee")


@dataclass(frozen=True)
class QueuePage:
    rows: list[Deliverable]
    next_after: tuple[date, int] | None


def queue_page(
    query: QueueQuery,
    *,
    after: tuple[date, int] | None = None,
    limit: int = 50,
    columns: Sequence[str] | None = QUEUE_ROW_COLUMNS,
) -> QueuePage:
    """One page of a queue after the (due_on, id) key `after`.

    Each open status is read as its own stream in index order (department or assignee, status,
    due_on) and the streams are merged, so a page reads about `limit` rows per status however long the
    queue is, instead of sorting the whole queue for every page. `columns` limits what is read to what
    a queue row shows; None reads whole deliverables (the API answers every field).
    """
    streams = []
    for status in OPEN_DELIVERABLE_STATUSES:
        stream = query.rows(statuses=(status,)).select_related("contract__account")
        if columns is not None:
            stream = stream.only(*columns)
        if after is not None:
            day, pk = after
            stream = stream.filter(Q(due_on__gt=day) | Q(due_on=day, pk__gt=pk))
        streams.append(list(stream[: limit + 1]))
    merged = list(heapq.merge(*streams, key=lambda d: (d.due_on, d.pk)))[: limit + 1]
    next_after = None
    if len(merged) > limit:
        merged = merged[:limit]
        next_after = (merged[-1].due_on, merged[-1].pk)
    prefetch_related_objects(merged, *QUEUE_ROW_RELATED)
    return QueuePage(merged, next_after)


@dataclass(frozen=True)
class TabCount:
    count: int
    capped: bool

    def __str__(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)


def queue_counts(query: QueueQuery) -> dict[str, TabCount]:
    """How many open items each due tab of the query's queue holds, each count bounded by COUNT_CAP
    (three small queries)."""
    counts: dict[str, TabCount] = {}
    for due in QUEUE_DUES:
        count = query.rows(due=due).order_by().values("pk")[: COUNT_CAP + 1].count()
        counts[due] = TabCount(min(count, COUNT_CAP), count > COUNT_CAP)
    return counts


@dataclass(frozen=True)
class OverdueContract:
    contract_id: int
    number: str
    title: str
    account_name: str
    overdue: int
    oldest: date


def _due_order(rows: QuerySet[Deliverable], *, chunk: int = 500) -> Iterator[tuple[date, int, int]]:
    """(due_on, id, contract_id) of `rows` in due order, read a chunk at a time after the last key."""
    after: tuple[date, int] | None = None
    while True:
        page = rows.order_by("due_on", "pk")
        if after is not None:
            page = page.filter(Q(due_on__gt=after[0]) | Q(due_on=after[0], pk__gt=after[1]))
        batch = list(page.values_list("due_on", "pk", "contract_id")[:chunk])
        yield from batch
        if len(batch) < chunk:
            return
        after = batch[-1][0], batch[-1][1]


def overdue_by_contract(*, user: User, today: date, limit: int) -> list[OverdueContract]:
    """For the coordinator's worklist: the `limit` contracts of their unit whose overdue promises are the
    oldest, with how many each has overdue.

    The overdue deliverables are walked in due order per open status (the (status, due_on) index) until
    `limit` contracts are found, so the cost follows `limit`, not the years of overdue work a large
    company may carry; only those contracts are then counted.
    """
    if not user.roles & {Role.COORDINATOR, Role.ADMIN} or not user.business_unit_id:
        return []
    departments = list(
        Department.objects.filter(business_unit_id=user.business_unit_id).values_list("pk", flat=True)
    )
    overdue = Deliverable.objects.filter(due_on__lt=today, department_id__in=departments)
    streams = [_due_order(overdue.filter(status=status)) for status in OPEN_DELIVERABLE_STATUSES]
    oldest: dict[int, date] = {}
    for due_on, _pk, contract_id in heapq.merge(*streams):
        if contract_id not in oldest:
            oldest[contract_id] = due_on
            if len(oldest) == limit:
                break
    counts = dict(
        overdue.filter(contract_id__in=list(oldest), status__in=OPEN_DELIVERABLE_STATUSES)
        .order_by()
        .values("contract_id")
        .annotate(count=Count("pk"))
        .values_list("contract_id", "count")
    )
    contracts = Contract.objects.filter(pk__in=list(oldest)).values_list(
        "pk", "number", "title", "account__name"
    )
    rows = [
        OverdueContract(pk, number, title, account, counts.get(pk, 0), oldest[pk])
        for pk, number, title, account in contracts
    ]
    return sorted(rows, key=lambda row: (row.oldest, row.contract_id))


def assigned_due_this_week(*, user: User, today: date, limit: int) -> list[Deliverable]:
    """The person's own open deliverables due by Sunday (overdue ones included), the `limit` oldest;
    each open status read in index order (assignee, status, due_on) and the two merged."""
    streams = [
        Deliverable.objects.filter(assignee=user, status=status, due_on__lte=end_of_week(today))
        .select_related("contract__account", "department")
        .order_by("due_on", "pk")[:limit]
        for status in OPEN_DELIVERABLE_STATUSES
    ]
    return list(heapq.merge(*streams, key=lambda d: (d.due_on, d.pk)))[:limit]
