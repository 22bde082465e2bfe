"""Demo customer base, prospecting and pipeline (issue 3): the same records for the same seed.

Five loaders, each one step of `salesdesk demo`'s progress bar: accounts (with their addresses and
near-duplicates), contacts (with a few bounced e-mails and disconnected phones), prospects (a funnel with
the seed's large waste, conversions teed up by the coordinator), the pipeline (every stage, four
currencies, stage history) and activities with upkeep cadences.

Accounts and contacts go through the customers services, as a person would create them; the larger
sets (prospects, opportunities, activities) are bulk-created. The tiny, medium and large scales add their
volume afterwards with demo.bulk (COPY).
Loaders find each other's records in the database (in primary-key order), never in module state.
"""

from __future__ import annotations

from salesdesk.demo.customers.accounts import demo_accounts, demo_contacts
from salesdesk.demo.customers.activities import demo_activities
from salesdesk.demo.customers.pipeline import demo_pipeline
from salesdesk.demo.customers.prospects import demo_prospects

# Each loader is one step of `salesdesk demo`'s progress bar.
CUSTOMER_LOADERS = [demo_accounts, demo_contacts, demo_prospects, demo_pipeline, demo_activities]
