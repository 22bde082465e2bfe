"""The REST API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

from salesdesk.api import problems
from salesdesk.api.auth import PersonalToken, SignedInSession
from salesdesk.api.docs import OfflineSwagger
from salesdesk.catalog.api import router as catalog_router
from salesdesk.contracts.api import router as contracts_router
from salesdesk.customers.api import router as customers_router
from salesdesk.orders.api import router as orders_router
from salesdesk.org.api import router as org_router
from salesdesk.performance.api import router as performance_router
from salesdesk.pipeline.api import router as pipeline_router
from salesdesk.planning.api import router as planning_router
from salesdesk.prospects.api import router as prospects_router
from salesdesk.reports.api import router as reports_router
from salesdesk.search.api import router as search_router
from salesdesk.transfer.api import router as transfer_router
from salesdesk.worklist.api import router as worklist_router

api = NinjaAPI(
    title="Salesdesk API",
    version="1",
    description=(
        "Every request is made as one person and sees what that person may see. Authenticate with a "
        "personal API token (create one at /profile/tokens/) sent as `Authorization: Bearer sd_…`, or "
        "with your signed-in session from this page. Errors are RFC 9457 problem details; lists are "
        "paged with an opaque `cursor` and `limit`."
    ),
    urls_namespace="api-v1",
    docs=OfflineSwagger(),
    docs_url="/docs",
    auth=[PersonalToken(), SignedInSession()],
)
problems.install(api)
api.add_router("", org_router)
api.add_router("", worklist_router)
api.add_router("", customers_router)
api.add_router("", prospects_router)
api.add_router("", pipeline_router)
api.add_router("", catalog_router)
api.add_router("", orders_router)
api.add_router("", contracts_router)
api.add_router("", planning_router)
api.add_router("", reports_router)
api.add_router("", performance_router)
api.add_router("", transfer_router)
api.add_router("", search_router)
