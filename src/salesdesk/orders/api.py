"""The orders app in the API: orders, deliveries and incidents, and finance's billing entries."""

from ninja import Router

from salesdesk.orders.api_billing import router as billing_router
from salesdesk.orders.api_orders import router as orders_router

router = Router()
router.add_router("", orders_router)
router.add_router("", billing_router)
