"""API endpoints of the customers app: hygiene."""

from ninja import Router

router = Router(tags=["customers"])
