"""Demo catalogue, orders and contracts (issue 4): the same records for the same seed.

Three loaders, each one step of `salesdesk demo`'s progress bar: the catalogue (categories, products
in five languages with the work they imply, price lists in four currencies, production costs, stock),
orders (two years of history and the last weeks' orders in every status, deliveries, incidents,
billing entries) and contracts (seed 001's magazine contract and contracts in every situation, with
their deliverables worked by the departments). They run after the customer base and find its records
in the database, in primary-key order.
"""

from __future__ import annotations

from salesdesk.demo.commerce.catalog import demo_catalog
from salesdesk.demo.commerce.contracts import demo_contracts
from salesdesk.demo.commerce.orders import demo_orders

# Each loader is one step of `salesdesk demo`'s progress bar.
COMMERCE_LOADERS = [demo_catalog, demo_orders, demo_contracts]
