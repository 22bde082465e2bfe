"""Reads of contracts, their promises and the department queues, always scoped to the reader."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES, ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
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


def queue(
    *,
    user: User,
    scope: QueueScope = "mine",
    department_id: int | None = None,
    due: QueueDue = "all",
    today: date | None = None,
) -> QuerySet[Deliverable]:
    """Open deliverables of a queue, oldest due first, ordered (due_on, id) to walk with a keyset.

    "mine": assigned to `user`. "department": the queue of `department_id` (one of
    `queue_departments`; another answers 404). "week": due from today to Sunday; "overdue": due before
    today.
    """
    today = today or timezone.localdate()
    rows = visible_to(user, Deliverable).filter(status__in=OPEN_DELIVERABLE_STATUSES)
    if scope == "department":
        if department_id is None or department_id not in {d.pk for d in queue_departments(user=user)}:
            raise Http404
        rows = rows.filter(department_id=department_id)
    else:
        rows = rows.filter(assignee=user)
    if due == "week":
        rows = rows.filter(due_on__gte=today, due_on__lte=end_of_week(today))
    elif due == "overdue":
        rows = rows.filter(due_on__lt=today)
    return rows.select_related("contract__account", "line__product", "assignee", "department").order_by(
        "due_on", "pk"
    )


@dataclass(frozen=True)
class QueuePage:
    rows: list[Deliverable]
    next_after: tuple[date, int] | None


def queue_page(
    rows: QuerySet[Deliverable], *, after: tuple[date, int] | None = None, limit: int = 50
) -> QueuePage:
    """One page of a `queue` after the (due_on, id) key `after`.

    Each open status is read as its own stream in index order (department or assignee, status,
    due_on) and the streams are merged, so a page reads about `limit` rows per status however long the
    queue is, instead of sorting the whole queue for every page.
    """
    streams = []
    for status in OPEN_DELIVERABLE_STATUSES:
        stream = rows.filter(status=status)
        if after is not None:
            day, pk = after
            stream = stream.filter(Q(due_on__gt=day) | Q(due_on=day, pk__gt=pk))
        streams.append(list(stream[: limit + 1]))
    merged = list(heapq.merge(*streams, key=lambda d: (d.due_on, d.pk)))[: limit + 1]
    if len(merged) > limit:
        last = merged[limit - 1]
        return QueuePage(merged[:limit], (last.due_on, last.pk))
    return QueuePage(merged, None)


@dataclass(frozen=True)
class TabCount:
    count: int
    capped: bool

    def __str__(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)


def queue_counts(
    *, user: User, scope: QueueScope, department_id: int | None, today: date | None = None
) -> dict[str, TabCount]:
    """How many open items each due tab holds, each count bounded by COUNT_CAP (three small queries)."""
    counts: dict[str, TabCount] = {}
    for due in QUEUE_DUES:
        rows = queue(user=user, scope=scope, department_id=department_id, due=due, today=today)
        count = rows.order_by().values("pk")[: COUNT_CAP + 1].count()
        counts[due] = TabCount(min(count, COUNT_CAP), count > COUNT_CAP)
    return counts


def overdue_by_contract(*, user: User, today: date) -> QuerySet[Any]:
    """For the coordinator's worklist: per contract of their unit, how many promises are overdue."""
    if not user.roles & {Role.COORDINATOR, Role.ADMIN} or not user.business_unit_id:
        return Deliverable.objects.none().values("contract_id")
    return (
        Deliverable.objects.filter(
            status__in=OPEN_DELIVERABLE_STATUSES,
            due_on__lt=today,
            department__business_unit_id=user.business_unit_id,
        )
        .order_by()
        .values("contract_id", "contract__number", "contract__title", "contract__account__name")
        .annotate(overdue=Count("pk"), oldest=Min("due_on"))
        .order_by("oldest", "contract_id")
    )


def assigned_due_this_week(*, user: User, today: date) -> QuerySet[Deliverable]:
    """The person's own open deliverables due by Sunday (overdue ones included)."""
    return (
        Deliverable.objects.filter(
            assignee=user, status__in=OPEN_DELIVERABLE_STATUSES, due_on__lte=end_of_week(today)
        )
        .select_related("contract__account", "department")
        .order_by("due_on", "pk")
    )
