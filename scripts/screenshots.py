"""Take the screenshots used by the README and the user guide (docs/screenshots/*.png).

Run it with `make screenshots` (or `.venv/bin/python scripts/screenshots.py`). It:

1. compiles the translations, then starts `salesdesk run` on a fresh SQLite database in a temporary
   directory, on a free port;
2. waits until /login/ answers (the demo data loads on this first start);
3. queues one "build everyone's worklist" job, so the jobs page and the notifications have content;
4. signs in as the demo personas with Playwright driving Debian's Chromium and saves 1280x800 PNGs;
5. stops Salesdesk with SIGINT (like Ctrl-C) and removes the temporary directory.

Every run starts from an empty database and overwrites the same files, so running it twice gives the
same pictures (only the dates shown follow the day you run it). It needs Chromium at /usr/bin/chromium
and Noto CJK fonts; `./scripts/ensure-browser` installs both on Debian/Ubuntu when run as root.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
PASSWORD = "salesdesk-demo"  # noqa: S105  # the demo personas' published password
START_TIMEOUT = 300  # seconds; the first start migrates, collects static files and loads the demo data


def log(message: str) -> None:
    print(f"screenshots: {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def salesdesk_command() -> list[str]:
    script = ROOT / ".venv" / "bin" / "salesdesk"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "salesdesk.config.cli"]


def server_environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # A fresh embedded database: never touch the developer's var/ or a PostgreSQL in DATABASE_URL.
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SALESDESK_EMAIL_HOST", "SALESDESK_REDIS_URL"):
        env.pop(name, None)
    env["SALESDESK_VAR_DIR"] = str(var_dir)
    env["SALESDESK_LOG_FORMAT"] = "plain"
    env["SALESDESK_LOG_LEVEL"] = "WARNING"
    return env


@contextmanager
def running_salesdesk(var_dir: Path) -> Iterator[str]:
    """Start `salesdesk run` and yield its base URL; stop it with SIGINT however the block ends."""
    port = free_port()
    env = server_environment(var_dir)
    log_path = var_dir / "server.log"
    with open(log_path, "wb") as server_log:
        process = subprocess.Popen(  # noqa: S603
            [*salesdesk_command(), "run", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our own Ctrl-C reaches us only; we stop the server ourselves
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(process, f"{base_url}/login/", log_path)
            yield base_url
        finally:
            stop(process)


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    log(f"starting Salesdesk ({url})")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.stderr.write(log_path.read_text(errors="replace"))
            raise SystemExit(f"screenshots: Salesdesk stopped during start (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    sys.stderr.write(log_path.read_text(errors="replace"))
    raise SystemExit(f"screenshots: Salesdesk did not answer at {url} within {START_TIMEOUT} seconds")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # `salesdesk run` stops web server, worker and scheduler
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log("Salesdesk stopped")


def queue_worklist_build(var_dir: Path) -> None:
    """Queue the morning job by hand, as the administrator, so there is a job and a notification to show."""
    code = (
        "from salesdesk.org.models import User\n"
        "from salesdesk.worklist.tasks import worklists_build_start\n"
        "worklists_build_start(requested_by=User.objects.get(username='admin'))\n"
    )
    subprocess.run(  # noqa: S603
        [*salesdesk_command(), "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=server_environment(var_dir),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def sign_in(browser: Browser, base_url: str, username: str) -> Page:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="Europe/Berlin",
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def shoot(page: Page, name: str, path: str | None = None, base_url: str = "") -> None:
    if path is not None:
        page.goto(f"{base_url}{path}")
    page.wait_for_load_state("networkidle")
    target = OUT / name
    page.screenshot(path=str(target), animations="disabled", caret="hide")
    log(f"wrote {target.relative_to(ROOT)}")


def record_pk(var_dir: Path, model: str, filters: str) -> int | None:
    """The primary key of the first demo record of `model` ("app.Model") matching `filters` (Python)."""
    module, name = model.rsplit(".", 1)
    code = (
        f"from salesdesk.{module}.models import {name}\n"
        f"obj = {name}.objects.filter({filters}).order_by('pk').first()\n"
        "print(obj.pk if obj else '')\n"
    )
    result = subprocess.run(  # noqa: S603
        [*salesdesk_command(), "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=server_environment(var_dir),
        check=True,
        capture_output=True,
        text=True,
    )
    text = result.stdout.strip().splitlines()[-1:] or [""]
    return int(text[0]) if text[0].isdigit() else None


FAILED_PAGES: list[str] = []


def shoot_checked(page: Page, name: str, path: str, base_url: str) -> None:
    """Like shoot, but note a page that answers with an error (it is still photographed, to see why)."""
    response = page.goto(f"{base_url}{path}")
    if response is None or response.status >= 400:
        status = response.status if response else "no answer"
        FAILED_PAGES.append(f"{path} ({status})")
        log(f"warning: {path} answered {status}")
    shoot(page, name)


def take_customer_screens(browser: Browser, base_url: str, var_dir: Path) -> None:
    """The customer base, prospecting and pipeline, each in the language of the person who uses it."""
    account = record_pk(
        var_dir,
        "customers.Account",
        "owner__username='anna.schmidt', contacts__isnull=False, opportunities__isnull=False",
    )
    prospect = record_pk(var_dir, "prospects.Prospect", "status='teed_up', score__isnull=False")
    pair = record_pk(var_dir, "customers.DuplicatePair", "entity='account', status='open', score__gte=90")
    contact = record_pk(var_dir, "customers.Contact", "owner__username='wang.fang'")

    # Anna (rep, German): accounts, one account, the board, the opportunity list, search.
    page = sign_in(browser, base_url, "anna.schmidt")
    shoot_checked(page, "accounts-de.png", "/accounts/", base_url)
    if account:
        shoot_checked(page, "account-detail.png", f"/accounts/{account}/", base_url)
    shoot_checked(page, "pipeline-board.png", "/pipeline/", base_url)
    shoot_checked(page, "opportunities.png", "/opportunities/", base_url)
    shoot_checked(page, "search.png", "/search/?q=mueller", base_url)
    page.context.close()

    # Wang Fang (rep, Chinese) and Georgi (rep, Bulgarian): their customers in their own scripts.
    page = sign_in(browser, base_url, "wang.fang")
    shoot_checked(page, "accounts-zh.png", "/accounts/", base_url)
    if contact:
        shoot_checked(page, "contact-detail-zh.png", f"/contacts/{contact}/", base_url)
    page.context.close()
    page = sign_in(browser, base_url, "georgi.dimitrov")
    shoot_checked(page, "contacts-bg.png", "/contacts/", base_url)
    page.context.close()

    # Giulia (coordinator, Italian): prospects, a teed-up prospect, hygiene, duplicates, import.
    page = sign_in(browser, base_url, "giulia.rossi")
    shoot_checked(page, "prospects.png", "/prospects/", base_url)
    if prospect:
        shoot_checked(page, "prospect-detail.png", f"/prospects/{prospect}/", base_url)
    shoot_checked(page, "questionnaires.png", "/prospects/questionnaires/", base_url)
    shoot_checked(page, "hygiene.png", "/hygiene/", base_url)
    shoot_checked(page, "duplicates-list.png", "/duplicates/", base_url)
    if pair:
        shoot_checked(page, "duplicates.png", f"/duplicates/{pair}/merge/", base_url)
    shoot_checked(page, "import.png", "/import/", base_url)
    page.context.close()

    # Ivan (manager, Bulgarian): the funnel, the forecast, overdue upkeep.
    page = sign_in(browser, base_url, "ivan.petrov")
    shoot_checked(page, "funnel.png", "/prospects/funnel/", base_url)
    shoot_checked(page, "forecast.png", "/pipeline/forecast/", base_url)
    shoot_checked(page, "upkeep-overdue.png", "/upkeep/overdue/", base_url)
    page.context.close()


def take_commerce_screens(browser: Browser, base_url: str, var_dir: Path) -> None:
    """Contracts and their promises, orders, incidents and billing, each in its user's language."""
    contract = record_pk(
        var_dir, "contracts.Contract", "owner__username='anna.schmidt', status='signed', lines__isnull=False"
    )
    incident = record_pk(var_dir, "orders.Incident", "status='open'")

    # Anna (rep, German): her contracts, one signed contract with its promises, expiries, orders.
    page = sign_in(browser, base_url, "anna.schmidt")
    shoot_checked(page, "contracts-de.png", "/contracts/", base_url)
    if contract:
        shoot_checked(page, "contract-detail-de.png", f"/contracts/{contract}/", base_url)
    shoot_checked(page, "expiry-calendar-de.png", "/contracts/expiry/", base_url)
    shoot_checked(page, "orders-de.png", "/orders/", base_url)
    page.context.close()

    # Li Wei (department staff, Chinese): the department's queue of promises.
    page = sign_in(browser, base_url, "li.wei")
    shoot_checked(page, "queue-zh.png", "/queue/", base_url)
    page.context.close()

    # Giulia (coordinator, Italian): the catalogue, stock, incidents by cause, one incident.
    page = sign_in(browser, base_url, "giulia.rossi")
    shoot_checked(page, "catalogue-it.png", "/catalogue/", base_url)
    shoot_checked(page, "stock-it.png", "/catalogue/stock/", base_url)
    shoot_checked(page, "incidents-by-cause-it.png", "/incidents/by-cause/", base_url)
    if incident:
        shoot_checked(page, "incident-it.png", f"/incidents/{incident}/", base_url)
    page.context.close()

    # Emma (finance, English): the billing entries to export; Ivan (manager, Bulgarian): the team's expiries.
    page = sign_in(browser, base_url, "emma.clark")
    shoot_checked(page, "billing-en.png", "/billing/", base_url)
    page.context.close()
    page = sign_in(browser, base_url, "ivan.petrov")
    shoot_checked(page, "expiry-calendar-bg.png", "/contracts/expiry/?period=quarter", base_url)
    page.context.close()


def take_planning_screens(browser: Browser, base_url: str, var_dir: Path) -> None:
    """Goals, plan vs actual, the month's plan, last year, peers, market analysis and the monthly report."""
    goal = record_pk(var_dir, "planning.Goal", "person__username='anna.schmidt', metric='revenue'")
    # Anna (rep, German): her plan vs actual with her variance note, her month, one goal with its history.
    page = sign_in(browser, base_url, "anna.schmidt")
    shoot_checked(page, "plan-vs-actual-de.png", "/planning/", base_url)
    shoot_checked(page, "my-plan-de.png", "/planning/my-plan/", base_url)
    if goal:
        shoot_checked(page, "goal-de.png", f"/planning/goals/{goal}/", base_url)
    page.context.close()
    # Wang Fang (rep, Chinese): her plan vs actual per week, and where she stands among her peers.
    page = sign_in(browser, base_url, "wang.fang")
    shoot_checked(page, "plan-vs-actual-week-zh.png", "/planning/?grain=week", base_url)
    shoot_checked(page, "peers-zh.png", "/performance/peers/", base_url)
    page.context.close()
    # Ivan (manager, Bulgarian): the company's plan vs actual and the leaderboard; Giulia (coordinator,
    # Italian): the company against last year, the market analysis and the monthly report.
    page = sign_in(browser, base_url, "ivan.petrov")
    shoot_checked(page, "plan-vs-actual-company-bg.png", "/planning/?subject=company-0", base_url)
    page.context.close()
    page = sign_in(browser, base_url, "giulia.rossi")
    shoot_checked(page, "last-year-it.png", "/planning/last-year/?subject=company-0", base_url)
    shoot_checked(page, "market-it.png", "/performance/market/", base_url)
    shoot_checked(page, "monthly-report-it.png", "/reports/monthly/", base_url)
    page.context.close()


def wait_for_jobs(page: Page, base_url: str, timeout: float = 90) -> None:
    """Reload the jobs page until every job shown has finished (the worker polls the database queue)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(f"{base_url}/jobs/")
        finished = page.locator(".status-succeeded, .status-failed").count()
        rows = page.locator("table.table tbody tr").count()
        if rows and finished == rows:
            return
        time.sleep(1)
    log("warning: the background job did not finish in time; the jobs page shows it unfinished")


def take_all(base_url: str, var_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    today = date.today()  # noqa: DTZ011  # the demo data is dated from the local day too
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # Signed out: the sign-in page, in the browser's language (English).
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="en-GB")
            page = context.new_page()
            shoot(page, "login.png", "/login/", base_url)
            context.close()

            queue_worklist_build(var_dir)

            # The administrator: jobs, the people directory, the Django admin, a task for Emma.
            page = sign_in(browser, base_url, "admin")
            wait_for_jobs(page, base_url)
            shoot(page, "jobs.png")
            shoot(page, "people.png", "/people/", base_url)
            shoot(page, "admin.png", "/admin/", base_url)
            page.goto(f"{base_url}/tasks/new/")
            page.fill("#id_title", "Confirm the Bellini banner renewal with finance")
            page.select_option("#id_owner", label="Emma Clark")
            page.fill("#id_due_on", (today + timedelta(days=3)).isoformat())
            page.fill("#id_remind_at", f"{(today + timedelta(days=2)).isoformat()}T09:00")
            page.select_option("#id_priority", "high")
            page.fill("#id_notes", "The banner runs until the end of the quarter. Check the invoice first.")
            page.locator("#id_notes").blur()
            shoot(page, "task-new.png")
            page.click("form.form button[type=submit]")
            page.wait_for_url(f"{base_url}/tasks/*/")
            page.context.close()

            # Emma Clark (finance, English): worklist, task history, notifications, profile, tokens.
            page = sign_in(browser, base_url, "emma.clark")
            shoot(page, "worklist-en.png")
            page.click("a.worklist-title >> text=Review the new price list")
            page.click("text=Edit")
            page.select_option("#id_priority", "high")
            page.fill("#id_due_on", (today + timedelta(days=4)).isoformat())
            page.fill("#id_notes", "Compare the CNY and USD columns with last year's list.")
            page.click("form.form button[type=submit]")
            page.wait_for_url(f"{base_url}/tasks/*/")
            shoot(page, "task-detail.png")
            shoot(page, "notifications.png", "/notifications/", base_url)
            shoot(page, "profile.png", "/profile/", base_url)
            page.goto(f"{base_url}/profile/tokens/")
            if page.locator("#id_name").count():  # create one token, then show the list without its secret
                page.fill("#id_name", "Monthly billing export")
                page.click("form.form button[type=submit]")
                page.wait_for_load_state("networkidle")
            shoot(page, "tokens.png", "/profile/tokens/", base_url)
            page.context.close()

            # The worklist in each persona's own language.
            for username, name in [
                ("anna.schmidt", "worklist-de.png"),
                ("giulia.rossi", "worklist-it.png"),
                ("ivan.petrov", "worklist-bg.png"),
                ("li.wei", "worklist-zh.png"),
            ]:
                page = sign_in(browser, base_url, username)
                shoot(page, name)
                page.context.close()

            take_customer_screens(browser, base_url, var_dir)
            take_commerce_screens(browser, base_url, var_dir)
            take_planning_screens(browser, base_url, var_dir)
        finally:
            browser.close()
    if FAILED_PAGES:
        log("pages that answered with an error: " + ", ".join(FAILED_PAGES))


def main() -> int:
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            "screenshots: Chromium is missing at /usr/bin/chromium; run ./scripts/ensure-browser"
        )
    var_dir = Path(tempfile.mkdtemp(prefix="salesdesk-screenshots-"))
    try:
        # Pictures in German or Chinese must show the current catalogues, not last week's .mo files.
        subprocess.run(  # noqa: S603
            [*salesdesk_command(), "compiletranslations"],
            cwd=ROOT,
            env=server_environment(var_dir),
            check=True,
        )
        with running_salesdesk(var_dir) as base_url:
            take_all(base_url, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
