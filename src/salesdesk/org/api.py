"""People and teams in the API: read-only, scoped to the caller like every page."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.org.choices import Role
from salesdesk.org.models import Team, User
from salesdesk.org.selectors import team_list, user_get, user_list

router = Router(tags=["people"])


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    display_name: str
    email: str
    business_unit_id: int | None
    manager_id: int | None
    job_title: str | None
    hire_date: date | None
    language: str
    time_zone: str
    roles: list[Role]

    @staticmethod
    def resolve_job_title(obj: User) -> str | None:
        return obj.job_title.name if obj.job_title else None

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        # From the prefetched grants: `User.roles` would query once per person.
        return sorted(grant.role for grant in obj.role_grants.all())


class UserFilters(PageParams):
    search: str = Field("", description="Part of the name or username.")
    role: Role | None = None


class TeamOut(Schema):
    id: int
    name: str
    business_unit_id: int
    department_id: int | None
    lead_id: int | None
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Team) -> list[int]:
        return sorted(member.pk for member in obj.members.all())  # type: ignore[attr-defined]


@router.get("/users", response=Page[UserOut], summary="People you may see")
def users(request: HttpRequest, filters: Query[UserFilters]) -> dict[str, object]:
    people = user_list(user=request_user(request), search=filters.search, role=filters.role or "")
    return paginate(people, ordering=["full_name", "username"], params=filters)


@router.get("/users/{user_id}", response=UserOut, summary="One person")
def user_detail(request: HttpRequest, user_id: int) -> User:
    return user_get(user=request_user(request), pk=user_id)


@router.get("/teams", response=Page[TeamOut], summary="Teams you may see")
def teams(request: HttpRequest, filters: Query[PageParams]) -> dict[str, object]:
    return paginate(team_list(user=request_user(request)), ordering=["name"], params=filters)
