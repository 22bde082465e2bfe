"""Worklist rules of the customers app: records."""
