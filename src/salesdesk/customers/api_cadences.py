"""API endpoints of the customers app: cadences."""

from ninja import Router

router = Router(tags=["customers"])
