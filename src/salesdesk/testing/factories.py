"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

from typing import Any

import factory

from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import BusinessUnit, Department, User


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("business_unit", "kind")

    business_unit = factory.SubFactory(BusinessUnitFactory)
    kind = DepartmentKind.DESIGN
    name = factory.LazyAttribute(lambda o: str(DepartmentKind(o.kind).label))


# Every person made by make_user signs in with this password.
PASSWORD = "correct horse battery staple"


def make_user(
    username: str,
    *,
    roles: list[str],
    business_unit: BusinessUnit,
    manager: User | None = None,
    departments: list[Department] | None = None,
    language: str = "en",
    **extra: Any,
) -> User:
    """A person made through the real service, so reporting paths and roles are as in production."""
    from salesdesk.org.services import user_create

    return user_create(
        username=username,
        email=f"{username}@example.test",
        password=PASSWORD,
        check_password=False,
        roles=roles,
        business_unit=business_unit,
        manager=manager,
        departments=departments or [],
        language=language,
        **extra,
    )
