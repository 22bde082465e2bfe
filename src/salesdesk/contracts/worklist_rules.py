"""The contracts' worklist rules live beside what they read; importing them registers them."""

from salesdesk.contracts import rules_deliverables, rules_expiry

__all__ = ["rules_deliverables", "rules_expiry"]
