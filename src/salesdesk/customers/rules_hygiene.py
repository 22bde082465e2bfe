"""Worklist rules of the customers app: hygiene."""
