"""Fixtures shared by all tests: the personas every permission test is written against.

manager ─┬─ rep
         └─ other_rep          (same business unit "north")
coordinator, admin, finance    (business unit "north")
design_staff                   (department staff in north's design department)
outsider                       (a rep in another business unit "south")
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page

from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import BusinessUnit, Department, User
from salesdesk.testing.browser import browser_page, chromium
from salesdesk.testing.factories import make_user


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns on every request when the collected-static folder is missing; tests never
    # collect static files, so an empty folder is enough.
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@dataclass
class Personas:
    unit: BusinessUnit
    other_unit: BusinessUnit
    design: Department
    manager: User
    rep: User
    other_rep: User
    coordinator: User
    admin: User
    finance: User
    design_staff: User
    outsider: User


@pytest.fixture
def personas(db: None) -> Personas:
    unit = BusinessUnit.objects.create(code="north", name="North")
    other_unit = BusinessUnit.objects.create(code="south", name="South")
    design = Department.objects.create(business_unit=unit, kind=DepartmentKind.DESIGN, name="Design")
    manager = make_user("manager", roles=[Role.MANAGER], business_unit=unit)
    return Personas(
        unit=unit,
        other_unit=other_unit,
        design=design,
        manager=manager,
        rep=make_user("rep", roles=[Role.SALES_REP], business_unit=unit, manager=manager),
        other_rep=make_user("other_rep", roles=[Role.SALES_REP], business_unit=unit, manager=manager),
        coordinator=make_user("coordinator", roles=[Role.COORDINATOR], business_unit=unit),
        admin=make_user("admin", roles=[Role.ADMIN], business_unit=unit),
        finance=make_user("finance", roles=[Role.FINANCE], business_unit=unit),
        design_staff=make_user(
            "design_staff", roles=[Role.DEPARTMENT_STAFF], business_unit=unit, departments=[design]
        ),
        outsider=make_user("outsider", roles=[Role.SALES_REP], business_unit=other_unit),
    )


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """The real Chromium, for the tests marked `browser`."""
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls
    # from the test body as "async unsafe". No coroutine shares our connection, so allowing them is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched
        # Queries made while Playwright runs open their own connection, which the test database teardown
        # does not know about (PostgreSQL then refuses to drop the database); close it here.
        connections.close_all()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, name=request.node.name) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: remembered figures and login throttles from one test must
    not answer for another (ids are reused after a rollback on SQLite)."""
    from django.core.cache import cache

    cache.clear()
