"""Contracts in the API: contracts and deliverables (with the queues), and expiries."""

from ninja import Router

from salesdesk.contracts.api_expiry import router as expiry_router
from salesdesk.contracts.api_records import router as records_router

router = Router()
# Expiries first: /contracts/expiring must match before /contracts/{contract_id} takes "expiring" as an id.
router.add_router("", expiry_router)
router.add_router("", records_router)
