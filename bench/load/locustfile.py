"""Simulated Salesdesk users for the load test (bench/load_test.py starts locust with this file).

Three kinds of people, as an office uses the product: reps (70 %) browse their accounts and pipeline and
log calls; coordinators (20 %) work the department queues, the hygiene queue and the prospects; managers
(10 %) open the plan-vs-actual, peers, market and monthly reports and the forecast. Each signs in through
the real login form and then clicks through pages it finds links to, as a browser would.

The logins come from the environment (bench/load_test.py reads them from the database):
SALESDESK_LOAD_REPS, SALESDESK_LOAD_COORDINATORS and SALESDESK_LOAD_MANAGERS (comma-separated usernames)
and SALESDESK_LOAD_PASSWORD. When SALESDESK_LOAD_KIND_COUNTS names a file, the number of requests and
failures per kind of user, and every sign-in's time, are written there as JSON when the test stops.

The measured window starts when the last simulated person has signed in: locust's statistics restart
then, and with SALESDESK_LOAD_MEASURE_SECONDS the test stops that many seconds later. A sign-in costs
~0.6 s of CPU by design (password hashing); the queue of sign-ins the ramp-up leaves behind is not the
pages' steady state, so it is measured on its own (the sign-in times above).

Pages are judged by markup, never by text: every login has its own language. A page counts as failed
when its status is not 2xx/3xx or when it lacks the element that shows it rendered what was asked for
(a 200 login page after a lost session would otherwise pass).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
from collections import Counter
from typing import Any, ClassVar

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser

PASSWORD_ENV = "SALESDESK_LOAD_PASSWORD"  # noqa: S105  # the name of a variable, not a password
KIND_COUNTS_ENV = "SALESDESK_LOAD_KIND_COUNTS"
MEASURE_ENV = "SALESDESK_LOAD_MEASURE_SECONDS"

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCOUNT_LINK = re.compile(r'href="/accounts/(\d+)/"')
CONTRACT_LINK = re.compile(r'href="/contracts/(\d+)/"')
DELIVERABLE_LINK = re.compile(r'href="/deliverables/(\d+)/"')
PROSPECT_LINK = re.compile(r'href="/prospects/(\d+)/"')
QUEUE_DEPARTMENT = re.compile(r'<option value="(\d+)"')
NEXT_PERIOD = re.compile(r'href="(\?[^"]+)"[^>]*data-testid="next-period"')
# What a rep types into the account search: a few letters, as people do.
SEARCH_TERMS = ["gmbh", "media", "al", "sp", "ber", "ro", "in", "co"]

LOGIN_POST = "/login/ [POST]"

requests_by_kind: Counter[str] = Counter()
failures_by_kind: Counter[str] = Counter()
# Sign-in times, kept here as well: locust's own statistics restart once everyone is in.
login_ms: list[float] = []
# "done": sign-ins finished, refused ones included; "window": 1 once the measured window has started.
signed_in: Counter[str] = Counter()


@events.request.add_listener
def _count_by_kind(
    context: dict[str, Any], name: str, response_time: float, exception: BaseException | None, **_kwargs: Any
) -> None:
    kind = context.get("kind", "unknown")
    requests_by_kind[kind] += 1
    if exception is not None:
        failures_by_kind[kind] += 1
    if name == LOGIN_POST:
        login_ms.append(response_time)


@events.test_stop.add_listener
def _write_kind_counts(**_kwargs: Any) -> None:
    path = os.environ.get(KIND_COUNTS_ENV)
    if path:
        with open(path, "w", encoding="utf-8") as counts:
            summary = {
                "requests": requests_by_kind,
                "failures": failures_by_kind,
                "login_ms": login_ms,
                "measured_after_everyone_signed_in": signed_in["window"] == 1,
            }
            json.dump(summary, counts)


class SalesdeskUser(HttpUser):
    """One person with a session: signs in on start, then every request carries the session cookie."""

    abstract = True
    kind: ClassVar[str] = ""
    logins_env: ClassVar[str] = ""
    # Which login the next simulated person takes; several people share a login when there are more
    # simulated people than demo logins (at the small scale, all coordinators are one person).
    _next_login: ClassVar[itertools.count[int]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._next_login = itertools.count()

    def context(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def on_start(self) -> None:
        logins = [name for name in os.environ.get(self.logins_env, "").split(",") if name]
        if not logins:
            raise RuntimeError(f"No logins for {self.kind}: set {self.logins_env}.")
        self.username = logins[next(self._next_login) % len(logins)]
        self.login()

    def login(self) -> None:
        form = self.page("/login/", "/login/", 'name="username"')
        token = self.csrf_token(form)
        data = {
            "username": self.username,
            "password": os.environ[PASSWORD_ENV],
            "csrfmiddlewaretoken": token,
        }
        with self.client.post(
            "/login/", data=data, name=LOGIN_POST, allow_redirects=False, catch_response=True
        ) as response:
            # Success is a redirect away from the form; a refused login renders the form again (200).
            refused = response.status_code != 302 or "/login/" in response.headers.get("Location", "")
            if refused:
                response.failure(f"login of {self.username} refused ({response.status_code})")
        _sign_in_finished(self.environment)
        if refused:
            raise StopUser  # a person who cannot sign in has nothing else to do
        self.page("/", "/", 'href="/tasks/new/"')

    def page(self, path: str, name: str, marker: str) -> str:
        """GET a page; a failure unless it answers 2xx/3xx and contains `marker`. Returns the HTML."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if not 200 <= response.status_code < 400:
                response.failure(f"status {response.status_code}")
                return ""
            if marker not in response.text:
                response.failure(f"no {marker!r} in the page")
                return ""
            return response.text

    def csrf_token(self, html: str) -> str:
        found = CSRF_INPUT.search(html)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")


def _sign_in_finished(environment: Environment) -> None:
    """Once the last person is in, restart the statistics and stop the test after the measured time."""
    signed_in["done"] += 1
    runner = environment.runner
    if runner is None or signed_in["done"] < runner.target_user_count or signed_in["window"]:
        return
    signed_in["window"] = 1
    environment.stats.reset_all()
    seconds = float(os.environ.get(MEASURE_ENV) or 0)
    if seconds:
        gevent.spawn_later(seconds, runner.quit)


def _pick(pattern: re.Pattern[str], html: str) -> str | None:
    """One of the ids the page links to, as a person picks one row of a list."""
    found = pattern.findall(html)
    return random.choice(found) if found else None


class Rep(SalesdeskUser):
    """A rep between calls: their accounts, an account's page, the pipeline, the worklist; logs a call."""

    weight = 70
    kind = "rep"
    logins_env = "SALESDESK_LOAD_REPS"
    # Think time: people read a page before the next click. 5-15 s (10 s on average) is a busy office:
    # everyone at the desk at once and clicking steadily for ten minutes; a normal day is slower.
    wait_time = between(5, 15)

    def on_start(self) -> None:
        self.account_ids: list[str] = []
        super().on_start()

    @task(4)
    def accounts(self) -> None:
        if random.random() < 0.25:
            term = random.choice(SEARCH_TERMS)
            html = self.page(f"/accounts/?q={term}", "/accounts/?q=[term]", 'href="/accounts/new/"')
        else:
            html = self.page("/accounts/", "/accounts/", 'href="/accounts/new/"')
        found = ACCOUNT_LINK.findall(html)
        if found:
            self.account_ids = found

    @task(5)
    def account(self) -> None:
        account_id = self._account_id()
        if account_id is None:
            return
        html = self.page(
            f"/accounts/{account_id}/", "/accounts/[id]/", f'action="/accounts/{account_id}/activities/"'
        )
        contract_id = _pick(CONTRACT_LINK, html)
        if contract_id and random.random() < 0.2:
            self.page(f"/contracts/{contract_id}/", "/contracts/[id]/", 'data-testid="contract-status"')

    @task(2)
    def log_call(self) -> None:
        account_id = self._account_id()
        if account_id is None:
            return
        detail = f"/accounts/{account_id}/"
        html = self.page(detail, "/accounts/[id]/", f'action="/accounts/{account_id}/activities/"')
        if not html:
            return
        subject = f"Load test call {secrets.token_hex(6)}"
        data = {
            "csrfmiddlewaretoken": self.csrf_token(html),
            "kind": "call",
            "subject": subject,
            "outcome": random.choice(["reached", "no_answer", "voicemail", "call_back"]),
            "duration_minutes": str(random.randint(2, 20)),
            "notes": "Talked about the next campaign.",
        }
        with self.client.post(
            f"{detail}activities/",
            data=data,
            name="/accounts/[id]/activities/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Saved: the form redirects back to the account; a refused form comes back with 400.
            if response.status_code != 302 or response.headers.get("Location") != detail:
                response.failure(f"call not saved ({response.status_code})")
                return
        # The browser follows the redirect; the call must be on the account's timeline.
        self.page(detail, "/accounts/[id]/", subject)

    @task(3)
    def pipeline(self) -> None:
        self.page("/pipeline/", "/pipeline/", 'data-testid="column-')

    @task(2)
    def opportunities(self) -> None:
        self.page("/opportunities/", "/opportunities/", 'href="/opportunities/new/"')

    @task(3)
    def worklist(self) -> None:
        self.page("/", "/", 'href="/tasks/new/"')

    @task(1)
    def my_plan(self) -> None:
        self.page("/planning/my-plan/", "/planning/my-plan/", 'href="/planning/?subject=person-')

    def _account_id(self) -> str | None:
        if not self.account_ids:
            self.accounts()
        return random.choice(self.account_ids) if self.account_ids else None


class Coordinator(SalesdeskUser):
    """A coordinator working through queues: deliverables per department, contact hygiene, prospects."""

    weight = 20
    kind = "coordinator"
    logins_env = "SALESDESK_LOAD_COORDINATORS"
    wait_time = between(5, 15)  # as the reps: a queue row is read before the next one is opened

    @task(4)
    def queue(self) -> None:
        html = self.page("/queue/", "/queue/", 'data-testid="tab-all"')
        department = _pick(QUEUE_DEPARTMENT, html.partition('id="queue-department"')[2])
        if department is None:
            return
        due = random.choice(["all", "week", "overdue"])
        html = self.page(
            f"/queue/?scope=department&department={department}&due={due}",
            "/queue/?department=[id]",
            'data-testid="tab-all"',
        )
        deliverable = _pick(DELIVERABLE_LINK, html)
        if deliverable:
            self.page(
                f"/deliverables/{deliverable}/", "/deliverables/[id]/", 'data-testid="deliverable-status"'
            )

    @task(2)
    def hygiene(self) -> None:
        self.page("/hygiene/", "/hygiene/", 'href="/hygiene/bounces/"')

    @task(3)
    def worklist(self) -> None:
        self.page("/", "/", 'href="/tasks/new/"')

    @task(2)
    def expiring_contracts(self) -> None:
        html = self.page("/contracts/expiry/", "/contracts/expiry/", 'data-testid="expiry-count"')
        found = NEXT_PERIOD.search(html)
        if found and random.random() < 0.5:
            query = found.group(1).replace("&amp;", "&")
            self.page(f"/contracts/expiry/{query}", "/contracts/expiry/?start=[month]", "expiry-count")

    @task(2)
    def prospects(self) -> None:
        html = self.page("/prospects/", "/prospects/", 'href="/prospects/funnel/"')
        prospect = _pick(PROSPECT_LINK, html)
        if prospect:
            self.page(
                f"/prospects/{prospect}/", "/prospects/[id]/", f'action="/prospects/{prospect}/attempt/"'
            )


class Manager(SalesdeskUser):
    """A manager reading the reports: plan vs actual, peers, market, the monthly report, the forecast."""

    weight = 10
    kind = "manager"
    logins_env = "SALESDESK_LOAD_MANAGERS"
    # Reports are read, compared and discussed: longer between clicks than a rep's list pages.
    wait_time = between(10, 30)

    @task(3)
    def plan_vs_actual(self) -> None:
        self.page("/planning/", "/planning/", 'data-testid="plan-table"')

    @task(2)
    def peers(self) -> None:
        self.page("/performance/peers/", "/performance/peers/", 'data-testid="peer-table"')

    @task(2)
    def market(self) -> None:
        self.page("/performance/market/", "/performance/market/", 'data-testid="market-table"')

    @task(2)
    def monthly_report(self) -> None:
        self.page("/reports/monthly/", "/reports/monthly/", 'data-testid="plan-vs-actual"')

    @task(2)
    def forecast(self) -> None:
        self.page("/pipeline/forecast/", "/pipeline/forecast/", 'href="/pipeline/"')

    @task(1)
    def worklist(self) -> None:
        self.page("/", "/", 'href="/tasks/new/"')
