"""The people the benchmarks log in as after `salesdesk demo --scale tiny|medium|large`.

All of them use the demo password (`salesdesk.demo.services.DEMO_PASSWORD`).

- BENCH_REP: a typical crowd rep with about 500 accounts and 5,000 contacts at medium and large
  (about a dozen at tiny).
- BENCH_ICAL_REP: the calendar-feed rep; owns `ical_contracts` contracts ending within the next year and
  has `ical_deliverables` open deliverables of colleagues' contracts assigned.
- BENCH_COORDINATOR, BENCH_MANAGER, BENCH_FINANCE: the demo's personas for those roles.
- BENCH_DEPARTMENT_STAFF: a staffer of the design department, which receives about a fifth of all
  deliverables.
"""

from __future__ import annotations

BENCH_REP = "rep00001"
BENCH_ICAL_REP = "rep00002"
BENCH_COORDINATOR = "giulia.rossi"
BENCH_MANAGER = "ivan.petrov"
BENCH_DEPARTMENT_STAFF = "li.wei"
BENCH_FINANCE = "emma.clark"
