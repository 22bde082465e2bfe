"""The OpenAPI description and the interactive docs, which must work offline under our CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from salesdesk.conftest import Personas

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_description_with_every_endpoint(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "Salesdesk API"
    assert {path: sorted(ops) for path, ops in spec["paths"].items()} == {
        "/api/v1/users": ["get"],
        "/api/v1/users/{user_id}": ["get"],
        "/api/v1/teams": ["get"],
        "/api/v1/tasks": ["get", "post"],
        "/api/v1/tasks/{task_id}": ["get", "patch"],
        "/api/v1/tasks/{task_id}/complete": ["post"],
        "/api/v1/accounts": ["get", "post"],
        "/api/v1/accounts/{account_id}": ["get", "patch"],
        "/api/v1/contacts": ["get", "post"],
        "/api/v1/contacts/{contact_id}": ["get", "patch"],
        "/api/v1/activities": ["get", "post"],
        "/api/v1/activities/{activity_id}": ["get"],
        "/api/v1/activities/{activity_id}/complete": ["post"],
        "/api/v1/hygiene/contact-points": ["get"],
        "/api/v1/hygiene/contact-points/{point_id}/mark": ["post"],
        "/api/v1/hygiene/contact-points/{point_id}/fix": ["post"],
        "/api/v1/duplicates": ["get"],
        "/api/v1/duplicates/{pair_id}/merge": ["post"],
        "/api/v1/cadences": ["get", "post"],
        "/api/v1/cadences/{rule_id}/deactivate": ["post"],
        "/api/v1/upkeep": ["get"],
        "/api/v1/prospects": ["get", "post"],
        "/api/v1/prospects/funnel": ["get"],
        "/api/v1/prospects/{prospect_id}": ["get", "patch"],
        "/api/v1/prospects/{prospect_id}/tee-up": ["post"],
        "/api/v1/prospects/{prospect_id}/accept": ["post"],
        "/api/v1/prospects/{prospect_id}/send-back": ["post"],
        "/api/v1/prospects/{prospect_id}/convert": ["post"],
        "/api/v1/pipelines": ["get"],
        "/api/v1/opportunities": ["get", "post"],
        "/api/v1/opportunities/{opportunity_id}": ["get", "patch"],
        "/api/v1/opportunities/{opportunity_id}/move": ["post"],
        "/api/v1/forecast": ["get"],
        "/api/v1/products": ["get", "post"],
        "/api/v1/products/{product_id}": ["get", "patch"],
        "/api/v1/products/{product_id}/price": ["get"],
        "/api/v1/product-categories": ["get"],
        "/api/v1/price-lists": ["get"],
        "/api/v1/price-lists/{price_list_id}": ["get"],
        "/api/v1/stock-levels": ["get"],
        "/api/v1/stock-movements": ["post"],
        "/api/v1/contracts/expiring": ["get"],
        "/api/v1/orders": ["get", "post"],
        "/api/v1/orders/{order_id}": ["get", "patch"],
        "/api/v1/orders/{order_id}/transition": ["post"],
        "/api/v1/orders/{order_id}/deliveries": ["get", "post"],
        "/api/v1/deliveries/{delivery_id}/ship": ["post"],
        "/api/v1/deliveries/{delivery_id}/deliver": ["post"],
        "/api/v1/incidents": ["get", "post"],
        "/api/v1/incidents/counts": ["get"],
        "/api/v1/incidents/{incident_id}": ["get"],
        "/api/v1/incidents/{incident_id}/resolve": ["post"],
        "/api/v1/billing-entries": ["get"],
        "/api/v1/billing-entries/export": ["post"],
        "/api/v1/billing-entries/{entry_id}": ["get"],
        "/api/v1/billing-batches/{batch}": ["get"],
        "/api/v1/contracts": ["get", "post"],
        "/api/v1/contracts/{contract_id}": ["get", "patch"],
        "/api/v1/contracts/{contract_id}/sign": ["post"],
        "/api/v1/deliverables": ["get"],
        "/api/v1/deliverables/{deliverable_id}": ["get"],
        "/api/v1/deliverables/{deliverable_id}/complete": ["post"],
        "/api/v1/deliverables/{deliverable_id}/assign": ["post"],
        "/api/v1/goals": ["get", "post"],
        "/api/v1/goals/{goal_id}": ["get", "patch"],
        "/api/v1/goals/{goal_id}/split": ["post"],
        "/api/v1/actuals": ["get"],
        "/api/v1/plan-vs-actual": ["get"],
        "/api/v1/plan-vs-actual/notes": ["put"],
        "/api/v1/last-year": ["get"],
        "/api/v1/reports/monthly": ["get"],
        "/api/v1/reports/monthly/submissions/mine": ["get"],
        "/api/v1/market-analysis": ["get"],
        "/api/v1/peers": ["get"],
        "/api/v1/imports": ["post"],
        "/api/v1/exports/{entity}": ["get"],
        "/api/v1/search": ["get"],
    }
    assert "PersonalToken" in spec["components"]["securitySchemes"]


def test_the_docs_page_loads_nothing_from_another_host(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.rep)

    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"https?://", html) == []
    assert "<script>" not in html  # no inline script: the CSP allows only our own files
    assert 'id="swagger-settings"' in html
    assert "/api/v1/openapi.json" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith("/"), source
        if source.startswith("/api/v1/assets/"):
            assert client.get(source).status_code == 200, source
        elif source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")) is not None, source


def test_it_serves_only_swagger_uis_own_files(db: None) -> None:
    assert Client().get("/api/v1/assets/swagger-ui-bundle.js").status_code == 200
    assert Client().get("/api/v1/assets/swagger-ui-bundle.js")["Content-Type"] == "text/javascript"
    assert Client().get("/api/v1/assets/__init__.py").status_code == 404
    assert Client().get("/api/v1/assets/..%2F__init__.py").status_code == 404
