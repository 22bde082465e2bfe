"""The customers app's worklist rules register themselves when their modules are imported."""

from salesdesk.customers import rules_cadences, rules_hygiene, rules_records  # noqa: F401
