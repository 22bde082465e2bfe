"""Server-side work (index builds, the rollup rebuild) run in other database sessions while the main
one fills the next tables: on two cores, generating rows and building indexes overlap well."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection

Done = Callable[[str, float], None]


class Background:
    """Runs named jobs, two at a time, each on its own thread and therefore its own connection."""

    def __init__(self, done: Done, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bulk")
        self._jobs: list[Future[None]] = []
        self._done = done

    def submit(self, name: str, job: Callable[[], object]) -> None:
        self._jobs.append(self._pool.submit(self._run, name, job))

    def _run(self, name: str, job: Callable[[], object]) -> None:
        started = time.perf_counter()
        try:
            job()
        finally:
            # The thread's connection would otherwise outlive the load (and block dropping a test DB).
            connection.close()
        self._done(name, time.perf_counter() - started)

    def wait(self) -> None:
        """Until every job has finished; re-raises the first failure."""
        try:
            for job in self._jobs:
                job.result()
        finally:
            self._pool.shutdown(wait=True)
