"""Record scoping: the one place that decides which records a person may see.

Every model that people read is registered here with a policy. Selectors, list pages, searches, exports
and API endpoints call `visible_to(user, Model)` (or `Model.objects.visible_to(user)`) and never filter by
ownership themselves. The rules, by role (a person with several roles sees the union):

- sales rep: records they own, and records their owner marked shared, within the business unit;
- sales manager: records owned by anyone down their reporting line (and their own);
- sales coordinator and administrator: every record in their business unit;
- department staff: records waiting in the queue of a department they belong to;
- finance: records owned by them, plus what a policy grants finance (billing entries, statements).

A record outside a person's scope does not exist for them: lookups answer 404, never 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from salesdesk.org.choices import Role

if TYPE_CHECKING:
    from salesdesk.org.models import User

M = TypeVar("M", bound=models.Model)
NOTHING = Q(pk__in=[])


class ScopePolicy(Protocol):
    def q_for(self, user: User) -> Q: ...


@dataclass(frozen=True, slots=True)
class OwnedRecords:
    """Records that belong to one person (`owner` is the path to that user)."""

    owner: str = "owner"
    shared: str | None = None
    department: str | None = None
    finance_sees_all: bool = False

    def q_for(self, user: User) -> Q:
        roles = user.roles
        own_unit = Q(**{f"{self.owner}__business_unit_id": user.business_unit_id})
        q = Q(**{f"{self.owner}_id": user.pk}) if "__" not in self.owner else Q(**{self.owner: user.pk})
        # Sharing opens a record to the sales reps of the unit, not to finance or department staff.
        if self.shared and Role.SALES_REP in roles and user.business_unit_id:
            q |= Q(**{self.shared: True}) & own_unit
        if Role.MANAGER in roles and user.reporting_path:
            q |= Q(**{f"{self.owner}__reporting_path__startswith": user.reporting_path})
        if roles & {Role.COORDINATOR, Role.ADMIN} and user.business_unit_id:
            q |= own_unit
        if self.department and Role.DEPARTMENT_STAFF in roles and user.department_ids:
            q |= Q(**{f"{self.department}_id__in": sorted(user.department_ids)})
        if self.finance_sees_all and Role.FINANCE in roles and user.business_unit_id:
            q |= own_unit
        return q


@dataclass(frozen=True, slots=True)
class SameBusinessUnit:
    """Directory-like records everyone in a business unit may read (colleagues, teams, pipelines)."""

    business_unit: str = "business_unit"
    # For the people directory: someone outside any unit still sees themselves.
    include_self: bool = False

    def q_for(self, user: User) -> Q:
        if not user.business_unit_id:
            return Q(pk=user.pk) if self.include_self else NOTHING
        return Q(**{f"{self.business_unit}_id": user.business_unit_id})


_policies: dict[type[models.Model], ScopePolicy] = {}


def register_scope(model: type[models.Model], policy: ScopePolicy) -> None:
    _policies[model] = policy


def policy_for(model: type[models.Model]) -> ScopePolicy:
    concrete = model._meta.concrete_model or model
    try:
        return _policies[concrete]
    except KeyError:
        raise LookupError(
            f"{concrete.__name__} has no scope policy: register one in its app's ready()."
        ) from None


def scope_q(user: Any, model: type[models.Model]) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    return policy_for(model).q_for(user)


def visible_to[R: models.Model](user: Any, queryset: models.QuerySet[R] | type[R]) -> models.QuerySet[R]:
    """The records of `queryset` (or of a model) that `user` may see."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    return qs.filter(scope_q(user, qs.model))


def get_visible_or_404[R: models.Model](
    user: Any, queryset: models.QuerySet[R] | type[R], **lookup: Any
) -> R:
    """One record by `lookup` if `user` may see it; otherwise 404, so existence never leaks."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (ValueError, models.ObjectDoesNotExist):
        raise Http404 from None


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, user: Any) -> models.QuerySet[M]:
        return visible_to(user, self)


@dataclass(frozen=True, slots=True)
class PrivateRecords:
    """Records only their owner ever sees (notifications, personal tokens)."""

    owner: str = "owner"

    def q_for(self, user: User) -> Q:
        return Q(**{f"{self.owner}_id": user.pk})


@dataclass(frozen=True, slots=True)
class RequestedWork:
    """Background jobs: the person who asked sees theirs; administrators see every job, scheduled ones too."""

    requester: str = "requested_by"

    def q_for(self, user: User) -> Q:
        if Role.ADMIN in user.roles:
            return Q()
        return Q(**{f"{self.requester}_id": user.pk})


@dataclass(frozen=True, slots=True)
class AssignedTo:
    """Records handed to a person (a prospect teed up for a rep) are visible to that person."""

    person: str

    def q_for(self, user: User) -> Q:
        return Q(**{f"{self.person}_id": user.pk})


@dataclass(frozen=True, slots=True)
class RelatedTo:
    """Records that belong to a parent record are visible when the parent is (contact details, activities)."""

    parent: str
    parent_model: type[models.Model]

    def q_for(self, user: User) -> Q:
        return Q(**{f"{self.parent}__in": visible_to(user, self.parent_model).values("pk")})


@dataclass(frozen=True, slots=True)
class ForRoles:
    """Work queues of some roles only (duplicate review for coordinators), within their business unit."""

    roles: frozenset[str]
    business_unit: str = ""

    def q_for(self, user: User) -> Q:
        if not user.roles & self.roles:
            return NOTHING
        if self.business_unit:
            return Q(**{f"{self.business_unit}_id": user.business_unit_id})
        return Q()


class AnyOf:
    """A record is visible if any of the policies lets the person see it."""

    def __init__(self, *policies: ScopePolicy) -> None:
        self.policies = policies

    def q_for(self, user: User) -> Q:
        combined = NOTHING
        for policy in self.policies:
            combined |= policy.q_for(user)
        return combined
