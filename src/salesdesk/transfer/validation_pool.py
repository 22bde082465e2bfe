"""Validating an import's batches in a worker process, so the checks run on another core than the writes.

Validation is pure Python (e-mail and phone rules, dates, amounts, names): threads cannot run it beside
the main thread because of the GIL, a process can. The worker is a fresh interpreter (spawn: nothing of
the parent's database connections or threads is copied) with the same settings module and the importing
person's language, and it refuses database queries: a handler's `parse` must not need one. It receives
the handler once, then batches, and answers each with the good rows and the errors
(validation_worker.py is what runs there).

At most DEPTH batches are out at a time, so memory stays bounded. Files of fewer than
WORKER_MIN_BATCHES batches never start a worker.
When a worker cannot start (a daemonic parent, no settings module, no process support) or dies, the
batches are validated in this process instead: the same function, the same results, only slower.
See docs/decisions/0006-import-validation-in-processes.md.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from django.utils import translation

from salesdesk.transfer import validation_worker
from salesdesk.transfer.handlers import RowError, RowProblem
from salesdesk.transfer.readers import Cell

logger = logging.getLogger(__name__)

Batch = list[tuple[int, dict[str, Cell]]]

# One worker: with the writes on this process and PostgreSQL on the same host, two cores are busy.
WORKERS = 1
# A worker costs one to three seconds of CPU to start: only files of this many batches get one.
WORKER_MIN_BATCHES = 5
# Batches with the worker at once: one being validated, one waiting, so it never idles for lack of work.
DEPTH = 2
# Batches held at once, including the ones this process validates while it waits for the worker.
MAX_BATCHES = DEPTH + 2


@dataclass
class ValidatedBatch:
    """One batch after `parse`: the rows that passed, in file order, and the errors of those that did not."""

    size: int
    rows: list[Any] = field(default_factory=list)
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)


def validate_batch(handler: Any, batch: Batch) -> ValidatedBatch:
    """Every row of the batch through `handler.parse`; the same wherever it runs."""
    validated = ValidatedBatch(size=len(batch))
    for number, values in batch:
        try:
            validated.rows.append(handler.parse(number, values))
        except RowProblem as problem:
            validated.failed += 1
            validated.errors.extend(problem.errors)
    return validated


def _start_pool(handler: Any) -> ProcessPoolExecutor | None:
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if not settings_module or WORKERS < 1:
        return None
    try:
        handler_bytes = pickle.dumps(handler)
        return ProcessPoolExecutor(
            max_workers=WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=validation_worker.start,
            initargs=(settings_module, translation.get_language() or "en", handler_bytes),
        )
    except Exception:  # any reason a pool cannot exist here: validate in this process
        logger.warning("import validation: no worker process, validating in-process", exc_info=True)
        return None


def validated_batches(
    handler: Any, batches: Iterator[Batch], *, use_workers: bool = True
) -> Generator[ValidatedBatch]:
    """`validate_batch` for every batch, in file order, in a worker process when the file is big.

    Until the worker has started, this process validates the batches itself; then up to DEPTH batches are
    with the worker while the caller writes, and whenever the next one is not back yet, this process
    validates the following one rather than wait. Exceptions other than row problems are raised here, as
    in-process validation would raise them.
    """
    ahead = list(islice(batches, WORKER_MIN_BATCHES))
    pool = _start_pool(handler) if use_workers and len(ahead) >= WORKER_MIN_BATCHES else None
    rest = chain(ahead, batches)
    del ahead
    if pool is None:
        for batch in rest:
            yield validate_batch(handler, batch)
        return
    pipeline = _Pipeline(handler, pool)
    try:
        yield from pipeline.run(rest)
    finally:
        pipeline.stop()


@dataclass
class _Slot:
    """A batch on its way: with the worker (future), validated here (result), or still to validate here."""

    batch: Batch
    future: Future[ValidatedBatch] | None = None
    result: ValidatedBatch | None = None


class _Pipeline:
    def __init__(self, handler: Any, pool: ProcessPoolExecutor) -> None:
        self.handler = handler
        self.pool: ProcessPoolExecutor | None = pool
        self.slots: deque[_Slot] = deque()
        self.ready: Future[bool] | None = None  # done once the worker has set Django up
        try:
            self.ready = pool.submit(validation_worker.ready)
        except Exception:  # broken before it began: everything here
            logger.warning("import validation: worker unavailable, validating in-process", exc_info=True)
            self.stop()

    def run(self, batches: Iterator[Batch]) -> Iterator[ValidatedBatch]:
        slots = self.slots
        while True:
            while sum(1 for slot in slots if slot.future) < DEPTH and len(slots) < MAX_BATCHES:
                batch = next(batches, None)
                if batch is None:
                    break
                slots.append(self._send(batch))
            if not slots:
                return
            head = slots[0]
            while head.future and not head.future.done() and len(slots) < MAX_BATCHES:
                batch = next(batches, None)
                if batch is None:
                    break
                slots.append(_Slot(batch, result=validate_batch(self.handler, batch)))
            slots.popleft()
            yield self._result(head)

    def _send(self, batch: Batch) -> _Slot:
        # A worker that is still starting would keep the batch waiting: validate it here instead.
        if self.pool is not None and self.ready is not None and self.ready.done():
            try:
                return _Slot(batch, future=self.pool.submit(validation_worker.validate, batch))
            except Exception:  # broken or shut down: from now on, here
                logger.warning("import validation: worker unavailable, validating in-process", exc_info=True)
                self.stop()
        return _Slot(batch, result=validate_batch(self.handler, batch))

    def _result(self, slot: _Slot) -> ValidatedBatch:
        if slot.result is not None:
            return slot.result
        if slot.future is not None:
            try:
                return slot.future.result()
            except BrokenProcessPool:
                # The worker died (killed, out of memory): this batch and the rest are validated here.
                logger.warning("import validation: worker died, validating in-process", exc_info=True)
        return validate_batch(self.handler, slot.batch)

    def stop(self) -> None:
        if self.pool is not None:
            # A worker still starting is not waited for: it finds the shutdown when it is up, and ends.
            self.pool.shutdown(wait=self.ready is not None and self.ready.done(), cancel_futures=True)
            self.pool = None
