"""The customers part of the API, assembled from its parts."""

from ninja import Router

from salesdesk.customers import api_cadences, api_hygiene, api_records

router = Router()
router.add_router("", api_records.router)
router.add_router("", api_hygiene.router)
router.add_router("", api_cadences.router)
