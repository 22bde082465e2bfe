"""The people a bulk load builds on: the demo's crowd of reps and personas, plus staff for every
department the contracts send work to (made through org.services, logging in with the demo password)."""

from __future__ import annotations

import random
from datetime import date

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from salesdesk.demo.bulk import personas
from salesdesk.demo.bulk.names import CULTURES, ascii_handle
from salesdesk.demo.services import DEMO_PASSWORD
from salesdesk.org.choices import Role
from salesdesk.org.models import BusinessUnit, Department, User
from salesdesk.org.services import user_create

# Departments that receive the contracts' work, and how many staff each has besides the demo's own.
WORK_DEPARTMENTS = ("design", "web", "fairs", "logistics", "finance")
EXTRA_STAFF = 2
CROWD_PATTERN = r"^rep[0-9]{5}$"


class BulkLoadRefused(ValueError):
    """The database is not one a bulk load can go into; the message says why."""


def crowd_rep_ids(unit: BusinessUnit) -> list[int]:
    """The demo's crowd of reps in username order; the bench reps must be among them."""
    crowd = User.objects.filter(business_unit=unit, username__regex=CROWD_PATTERN).order_by("username")
    ids = list(crowd.values_list("pk", flat=True))
    names = set(crowd.values_list("username", flat=True))
    if not {personas.BENCH_REP, personas.BENCH_ICAL_REP} <= names:
        raise BulkLoadRefused(_("The demo has no crowd of reps to own the bulk data; load a larger scale."))
    return ids


def work_staff(unit: BusinessUnit, *, password_hash: str, seed: int, today: date) -> dict[str, list[int]]:
    """The staff of each work department: the demo's own members first, then a few more made here."""
    rng = random.Random(f"{seed}:staff")
    staff: dict[str, list[int]] = {}
    made: list[int] = []
    for kind in WORK_DEPARTMENTS:
        department = Department.objects.get(business_unit=unit, kind=kind)
        members = list(department.members.order_by("pk").values_list("pk", flat=True))
        for number in range(1, EXTRA_STAFF + 1):
            culture = CULTURES[rng.randrange(len(CULTURES))]
            first, last = rng.choice(culture.first_names), rng.choice(culture.last_names)
            username = f"staff.{kind}.{number}"
            user = user_create(
                username=username,
                email=f"{ascii_handle(first)}.{ascii_handle(last)}.{kind}{number}@salesdesk.example",
                password=None,
                full_name=f"{last}{first}" if culture.country == "CN" else f"{first} {last}",
                roles=[Role.FINANCE if kind == "finance" else Role.DEPARTMENT_STAFF],
                business_unit=unit,
                departments=[department],
                hire_date=today.replace(year=today.year - rng.randint(1, 8)),
                language=culture.language,
            )
            members.append(user.pk)
            made.append(user.pk)
        staff[kind] = members
    # Hashing is slow on purpose: once for everybody.
    User.objects.filter(pk__in=made).update(password=password_hash)
    return staff


def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)
