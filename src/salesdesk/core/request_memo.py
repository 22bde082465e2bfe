"""Values read once per request: the company settings, say, which a report would otherwise read from the
database dozens of times while it renders.

The memo lives only while `RequestMemoMiddleware` handles a request (a context variable, so each thread of
a worker has its own); outside a request (jobs, commands, the shell) nothing is remembered and every call
computes afresh, so a long-running job never sees stale settings.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_memo: ContextVar[dict[str, Any] | None] = ContextVar("salesdesk_request_memo", default=None)


def remembered[T](key: str, compute: Callable[[], T]) -> T:
    """`compute()`, once per request for `key`."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    """Drop `key` from this request's memo (its value changed)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
