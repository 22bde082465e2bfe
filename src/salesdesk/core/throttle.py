"""Login throttling: after too many failures for a username or from an address, stop trying for a while."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def _keys(username: str, address: str) -> list[str]:
    return [_key("user", username), _key("addr", address)]


def login_blocked(*, username: str, address: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    counts = cache.get_many(_keys(username, address))
    return any(count >= limit for count in counts.values())


def login_failed(*, username: str, address: str) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key in _keys(username, address):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def login_succeeded(*, username: str, address: str) -> None:
    cache.delete(_key("user", username))
