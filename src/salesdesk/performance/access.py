"""Who may do what in this app, in one place: the views and services ask here."""

from __future__ import annotations

from salesdesk.org.choices import Role
from salesdesk.org.models import User

# Those who read the market analysis of their unit, and those who enter its figures.
MARKET_READERS = frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.FINANCE})
MARKET_WRITERS = frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN})
# Those who see every job title of their unit on the leaderboard.
UNIT_WIDE = frozenset({Role.COORDINATOR, Role.ADMIN, Role.FINANCE})


def may_read_market(user: User) -> bool:
    return bool(user.roles & MARKET_READERS) and user.business_unit_id is not None


def may_write_market(user: User) -> bool:
    return bool(user.roles & MARKET_WRITERS) and user.business_unit_id is not None
