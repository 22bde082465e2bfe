"""Worklist rules of the customers app: cadences."""
