from salesdesk.api.tests.conftest import api_client_for  # noqa: F401  (shared fixture)
