from salesdesk.api.tests.conftest import api_client_for
from salesdesk.reports.tests.scenario import october

__all__ = ["api_client_for", "october"]
