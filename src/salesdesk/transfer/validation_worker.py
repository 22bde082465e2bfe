"""What runs inside an import's validation worker process (see validation_pool).

This module is what the new interpreter imports before Django is set up, so it imports nothing of the
project at module level: `start` sets Django up, then loads the handler and the validation code.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Any

_handler: Any = None


def _refuse_queries(*_args: Any) -> Any:
    # In a test run the worker's settings name the real database, not the test one: never touch it.
    raise RuntimeError("Import validation runs without the database; parse() must not query.")


def start(settings_module: str, language: str, handler_bytes: bytes) -> None:
    """Set the worker up: the parent's settings module and language, the database refused, the handler."""
    global _handler
    # Ctrl-C reaches the whole process group: the parent decides what stops, the worker ends with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.db import connections
    from django.utils import translation

    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse_queries)
    translation.activate(language)
    _handler = pickle.loads(handler_bytes)  # noqa: S301 - bytes the parent process pickled


def ready() -> bool:
    """A first task: its answer says the worker has started."""
    return _handler is not None


def validate(batch: Any) -> Any:
    from salesdesk.transfer.validation_pool import validate_batch

    return validate_batch(_handler, batch)
