"""Deterministic demo data: a multilingual company with one login per role.

`demo_load(scale=..., seed=...)` builds the same data for the same seed. Later capabilities extend it by
adding a loader to DEMO_LOADERS; each loader receives the shared DemoContext.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.core.fx import fx_rate_set
from salesdesk.core.models import CompanySettings
from salesdesk.demo.commerce import COMMERCE_LOADERS
from salesdesk.demo.customers import CUSTOMER_LOADERS
from salesdesk.demo.performance import demo_performance
from salesdesk.demo.planning import demo_planning
from salesdesk.demo.reports import demo_reports
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import BusinessUnit, Department, JobTitle, RoleGrant, Team, Territory, User
from salesdesk.org.services import user_create
from salesdesk.worklist.choices import TaskPriority, TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

DEMO_PASSWORD = "salesdesk-demo"  # noqa: S105  # printed on start; demo only


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: str
    role_label: str | Promise
    language: str
    time_zone: str
    currency: str
    password: str = DEMO_PASSWORD


# One login per role, in the five languages the product speaks.
PERSONAS: list[Persona] = [
    Persona("anna.schmidt", "Anna Schmidt", Role.SALES_REP, _("Sales rep"), "de", "Europe/Berlin", "EUR"),
    Persona(
        "giulia.rossi", "Giulia Rossi", Role.COORDINATOR, _("Sales coordinator"), "it", "Europe/Rome", "EUR"
    ),
    Persona("ivan.petrov", "Иван Петров", Role.MANAGER, _("Sales manager"), "bg", "Europe/Sofia", "BGN"),
    Persona(
        "li.wei", "李伟", Role.DEPARTMENT_STAFF, _("Department staff"), "zh-hans", "Asia/Shanghai", "CNY"
    ),
    Persona("emma.clark", "Emma Clark", Role.FINANCE, _("Finance"), "en", "Europe/London", "EUR"),
    Persona("admin", "Sam Admin", Role.ADMIN, _("Administrator"), "en", "Europe/Berlin", "EUR"),
]

EXTRA_REPS = [
    ("marco.bianchi", "Marco Bianchi", "it", "Europe/Rome", "EUR"),
    ("wang.fang", "王芳", "zh-hans", "Asia/Shanghai", "CNY"),
    ("georgi.dimitrov", "Георги Димитров", "bg", "Europe/Sofia", "BGN"),
    ("lukas.weber", "Lukas Weber", "de", "Europe/Vienna", "EUR"),
    ("olivia.brown", "Olivia Brown", "en", "America/New_York", "USD"),
]

TASK_TITLES = {
    "de": ["Angebot für Müller GmbH nachfassen", "Messestand Hannover bestätigen", "Preisliste 2027 prüfen"],
    "it": ["Richiamare Ferretti S.p.A.", "Inviare il listino aggiornato", "Controllare il banner di Bellini"],
    "bg": ["Обаждане до Балкан ООД", "Подготвяне на месечния отчет", "Среща с екипа в понеделник"],
    "zh-hans": ["为上海客户设计广告", "检查网站横幅链接", "准备展会物料"],
    "en": ["Check the billing export", "Send the quarterly digest", "Review the new price list"],
}


@dataclass
class DemoContext:
    rng: random.Random
    scale: str
    today: date
    business_unit: BusinessUnit
    departments: dict[str, Department] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


DemoLoader = Callable[[DemoContext], None]
DEMO_LOADERS: list[DemoLoader] = []


def demo_is_loaded() -> bool:
    return User.objects.filter(username=PERSONAS[0].username).exists()


def demo_personas() -> list[Persona]:
    if not demo_is_loaded():
        return []
    return PERSONAS


def _organisation(ctx: DemoContext) -> None:
    unit = ctx.business_unit
    for kind in DepartmentKind:
        ctx.departments[kind.value], _created = Department.objects.get_or_create(
            business_unit=unit, kind=kind.value, defaults={"name": str(kind.label)}
        )
    titles = {
        "rep": JobTitle.objects.get_or_create(name="Account Executive", defaults={"level": 2})[0],
        "senior": JobTitle.objects.get_or_create(name="Senior Account Executive", defaults={"level": 3})[0],
        "coordinator": JobTitle.objects.get_or_create(name="Sales Coordinator", defaults={"level": 2})[0],
        "manager": JobTitle.objects.get_or_create(name="Sales Manager", defaults={"level": 4})[0],
    }
    dach = Territory.objects.get_or_create(
        business_unit=unit, code="dach", defaults={"name": "DACH", "countries": ["DE", "AT", "CH"]}
    )[0]
    south = Territory.objects.get_or_create(
        business_unit=unit,
        code="south-east",
        defaults={"name": "Italia & Balkans", "countries": ["IT", "BG"]},
    )[0]
    china = Territory.objects.get_or_create(
        business_unit=unit, code="china", defaults={"name": "中国", "countries": ["CN"]}
    )[0]

    manager_persona = next(p for p in PERSONAS if p.role == Role.MANAGER)
    manager = _person(
        ctx,
        manager_persona.username,
        manager_persona.full_name,
        [Role.MANAGER],
        manager_persona.language,
        manager_persona.time_zone,
        manager_persona.currency,
        job_title=titles["manager"],
        manager=None,
    )
    for persona in PERSONAS:
        if persona.role == Role.MANAGER:
            continue
        boss = manager if persona.role in (Role.SALES_REP, Role.COORDINATOR) else None
        extra_roles = [Role.SALES_REP] if persona.role == Role.COORDINATOR else []
        departments = (
            [ctx.departments[DepartmentKind.DESIGN], ctx.departments[DepartmentKind.WEB]]
            if (persona.role == Role.DEPARTMENT_STAFF)
            else []
        )
        if persona.role == Role.FINANCE:
            departments = [ctx.departments[DepartmentKind.FINANCE]]
        title = {Role.SALES_REP: titles["rep"], Role.COORDINATOR: titles["coordinator"]}.get(
            Role(persona.role)
        )
        _person(
            ctx,
            persona.username,
            persona.full_name,
            [persona.role, *extra_roles],
            persona.language,
            persona.time_zone,
            persona.currency,
            job_title=title,
            manager=boss,
            departments=departments,
        )
    for index, (username, name, language, zone, currency) in enumerate(EXTRA_REPS):
        _person(
            ctx,
            username,
            name,
            [Role.SALES_REP],
            language,
            zone,
            currency,
            job_title=titles["senior" if index % 2 else "rep"],
            manager=manager,
        )
    for username, territory in [
        ("anna.schmidt", dach),
        ("lukas.weber", dach),
        ("marco.bianchi", south),
        ("georgi.dimitrov", south),
        ("wang.fang", china),
        ("olivia.brown", dach),
    ]:
        ctx.users[username].territories.add(territory)
    sales = ctx.departments[DepartmentKind.SALES]
    team_de, _created = Team.objects.get_or_create(
        business_unit=unit, name="Team Nord", defaults={"department": sales, "lead": manager}
    )
    team_south, _created = Team.objects.get_or_create(
        business_unit=unit, name="Team Sud", defaults={"department": sales, "lead": manager}
    )
    for username in ("anna.schmidt", "lukas.weber", "olivia.brown"):
        ctx.users[username].teams.add(team_de)
    for username in ("marco.bianchi", "georgi.dimitrov", "wang.fang", "giulia.rossi"):
        ctx.users[username].teams.add(team_south)


def _person(
    ctx: DemoContext,
    username: str,
    full_name: str,
    roles: list[str],
    language: str,
    zone: str,
    currency: str,
    *,
    job_title: JobTitle | None,
    manager: User | None,
    departments: list[Department] | None = None,
) -> User:
    hire = ctx.today - timedelta(days=ctx.rng.randint(90, 2500))
    user = user_create(
        username=username,
        email=f"{username}@salesdesk.example",
        password=DEMO_PASSWORD,
        check_password=False,
        full_name=full_name,
        roles=roles,
        business_unit=ctx.business_unit,
        manager=manager,
        job_title=job_title,
        departments=departments or [],
        hire_date=hire,
        language=language,
        time_zone=zone,
        display_currency=currency,
    )
    ctx.users[username] = user
    return user


def _rates(ctx: DemoContext) -> None:
    base = {
        "USD": Decimal("1.08"),
        "CNY": Decimal("7.80"),
        "BGN": Decimal("1.95583"),
        "GBP": Decimal("0.85"),
        "CHF": Decimal("0.95"),
        "JPY": Decimal("160.5"),
    }
    start = ctx.today.replace(day=1) - timedelta(days=730)
    day = start
    while day <= ctx.today:
        for currency, rate in base.items():
            # The lev is pegged to the euro; the others drift by up to ±4 % a month.
            drift = Decimal(1) if currency == "BGN" else 1 + Decimal(ctx.rng.randint(-400, 400)) / 10000
            fx_rate_set(
                currency=currency,
                valid_on=day,
                rate=(rate * drift).quantize(Decimal("0.000001")),
                source="demo",
            )
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _tasks(ctx: DemoContext) -> None:
    offsets = [-5, -1, 0, 0, 2, 5, 12, None]
    for username, user in ctx.users.items():
        titles = TASK_TITLES.get(user.language, TASK_TITLES["en"])
        for index, title in enumerate(titles):
            offset = offsets[(index + len(username)) % len(offsets)]
            due = ctx.today + timedelta(days=offset) if offset is not None else None
            remind = (
                timezone.make_aware(datetime.combine(due, time(8, 30))) if due and due > ctx.today else None
            )
            task_create(
                created_by=user.manager or user,
                owner=user,
                title=title,
                due_on=due,
                remind_at=remind,
                priority=[TaskPriority.HIGH, TaskPriority.NORMAL, TaskPriority.LOW][index % 3],
            )


# Extra reps (each with a year of tasks) by scale; small is just the named personas and their colleagues.
# At the other scales the crowd owns the bulk data (demo.bulk), about 500 accounts each at medium and
# large; tiny's three are the fewest that include the benchmarks' reps (rep00001, rep00002).
CROWD_SIZE = {"small": 0, "tiny": 3, "medium": 20, "large": 200}
TASKS_PER_CROWD_MEMBER = 25
NAME_POOLS = {
    "de": (["Jonas", "Lea", "Felix", "Mia", "Paul", "Hannah"], ["Müller", "Schneider", "Fischer", "Wagner"]),
    "it": (
        ["Luca", "Sofia", "Matteo", "Aurora", "Andrea", "Chiara"],
        ["Ferrari", "Esposito", "Romano", "Greco"],
    ),
    "zh-hans": (["伟", "芳", "娜", "敏", "静", "磊"], ["王", "李", "张", "刘"]),
    "bg": (["Мария", "Петър", "Елена", "Николай", "Десислава", "Стоян"], ["Иванова", "Георгиев", "Стоянова"]),
    "en": (["Oliver", "Amelia", "Harry", "Isla", "Jack", "Grace"], ["Smith", "Jones", "Taylor", "Davies"]),
}
ZONES = {
    "de": "Europe/Berlin",
    "it": "Europe/Rome",
    "zh-hans": "Asia/Shanghai",
    "bg": "Europe/Sofia",
    "en": "Europe/London",
}


def _crowd(ctx: DemoContext) -> None:
    """Bulk-insert the extra reps and their tasks for the scales with bulk data."""
    size = CROWD_SIZE[ctx.scale]
    if not size:
        return
    manager = next(user for user in ctx.users.values() if user.has_role(Role.MANAGER))
    password = make_password(DEMO_PASSWORD)
    languages = list(NAME_POOLS)
    people = []
    for number in range(size):
        language = languages[number % len(languages)]
        given, family = NAME_POOLS[language]
        first, last = ctx.rng.choice(given), ctx.rng.choice(family)
        full_name = f"{last}{first}" if language == "zh-hans" else f"{first} {last}"
        people.append(
            User(
                username=f"rep{number:05d}",
                email=f"rep{number:05d}@salesdesk.example",
                password=password,
                full_name=full_name,
                business_unit=ctx.business_unit,
                manager=manager,
                language=language,
                time_zone=ZONES[language],
                hire_date=ctx.today - timedelta(days=ctx.rng.randint(30, 3000)),
            )
        )
    created = User.objects.bulk_create(people, batch_size=1000)
    for person in created:
        person.reporting_path = f"{manager.reporting_path}{person.pk}/"
    User.objects.bulk_update(created, ["reporting_path"], batch_size=1000)
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=person, role=Role.SALES_REP) for person in created], batch_size=1000
    )
    tasks = []
    for person in created:
        titles = TASK_TITLES[person.language]
        for number in range(TASKS_PER_CROWD_MEMBER):
            offset = ctx.rng.randint(-60, 300)
            tasks.append(
                Task(
                    title=titles[number % len(titles)],
                    owner=person,
                    created_by=manager,
                    due_on=ctx.today + timedelta(days=offset),
                    status=TaskStatus.DONE if offset < -7 else TaskStatus.OPEN,
                    priority=ctx.rng.choice(TaskPriority.values),
                )
            )
    Task.objects.bulk_create(tasks, batch_size=2000)


DEMO_LOADERS.extend([_organisation, _rates, _tasks, _crowd])
DEMO_LOADERS.extend(CUSTOMER_LOADERS)
DEMO_LOADERS.extend(COMMERCE_LOADERS)
DEMO_LOADERS.append(demo_planning)
DEMO_LOADERS.append(demo_performance)
DEMO_LOADERS.append(demo_reports)


@transaction.atomic
def demo_load(
    *, scale: str = "small", seed: int = 42, progress: Callable[[str], None] | None = None
) -> DemoContext:
    """Load the demo company; refuses to load twice into the same database."""
    if demo_is_loaded():
        raise ValueError("The demo data is loaded already.")
    company = CompanySettings.current()
    company.name = "Salesdesk Demo GmbH"
    company.save()
    unit, _created = BusinessUnit.objects.get_or_create(code="media", defaults={"name": "Media & Events"})
    ctx = DemoContext(rng=random.Random(seed), scale=scale, today=timezone.localdate(), business_unit=unit)
    for loader in DEMO_LOADERS:
        if progress:
            progress(loader.__name__.strip("_"))
        loader(ctx)
    return ctx
