"""API endpoints of the customers app: records."""

from ninja import Router

router = Router(tags=["customers"])
