"""The `salesdesk` command: every manage.py command, plus `run`, which starts the whole product.

`salesdesk run` prepares the database (migrate, cache table, static files, demo data on first start) and
then supervises three processes: the web server, the task worker and the scheduler. Ctrl-C (or SIGTERM)
stops all three and waits for them, so no worker is left holding a job.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

DEFAULT_SETTINGS = "salesdesk.config.settings.local"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if args and args[0] == "manage":
        args = args[1:]
    if args and args[0] == "run":
        return _run(args[1:])
    _ensure_var_dir()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["salesdesk", *args])
    return 0


def _ensure_var_dir() -> None:
    """The embedded SQLite database and local files live in var/, which a fresh clone does not have."""
    from django.conf import settings

    # Settings without VAR_DIR, or a read-only place: the command itself then says what is wrong.
    with contextlib.suppress(AttributeError, OSError):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="salesdesk run", description="Run web server, worker and scheduler."
    )
    parser.add_argument("--host", default=os.environ.get("SALESDESK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SALESDESK_PORT", "8000")))
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data into an empty database")
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    print("Preparing the database...", flush=True)
    _manage("migrate", "--no-input", "--verbosity", "0")
    _manage("createcachetable")
    _manage("collectstatic", "--no-input", "--verbosity", "0")

    from salesdesk.demo.services import demo_is_loaded, demo_personas

    if not options.no_demo and not demo_is_loaded():
        print("First start: loading demo data...", flush=True)
        _manage("demo", "--scale", "small")

    base = [sys.executable, "-m", "salesdesk.config.cli"]
    commands = {
        "web": [*base, "runserver", f"{options.host}:{options.port}", "--noreload", "--skip-checks"],
        "worker": [*base, "db_worker"],
        "scheduler": [*base, "crontask"],
    }
    processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603

    url = f"http://{options.host}:{options.port}/"
    print(f"\nSalesdesk is running at {url}", flush=True)
    personas = demo_personas()
    if personas:
        print(f"Demo logins (password for all: {personas[0].password}):")
        for persona in personas:
            print(f"  {persona.role_label:<22} {persona.username}")
    print("Press Ctrl-C to stop the web server, worker and scheduler.\n", flush=True)
    return _supervise(processes)


def _supervise(processes: dict[str, subprocess.Popen[bytes]]) -> int:
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            code = process.poll()
            if code is not None:
                print(f"The {name} process stopped (exit code {code}); stopping the others.", flush=True)
                exit_code = code or 1
                stopping = True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
