"""Cadence pages and API: coordinators and managers set rules; managers see their team's overdue upkeep."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.customers.cadences import cadence_create
from salesdesk.customers.choices import CadenceKind
from salesdesk.customers.models import CadenceRule
from salesdesk.customers.services import account_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["coordinator", "manager", "admin"])
def test_it_lists_the_rules_for_coordinators_and_managers(
    personas: Personas, client: Client, persona: str
) -> None:
    cadence_create(
        created_by=personas.coordinator, name="Monthly call", kind=CadenceKind.PERIODIC_CALL, interval_days=30
    )
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("customers:cadence-list"))
    assert response.status_code == 200
    assert "Monthly call" in response.content.decode()
    assert "every 30 days" in response.content.decode()


@pytest.mark.parametrize(("persona", "linked"), [("coordinator", False), ("admin", False), ("manager", True)])
def test_only_managers_are_shown_the_overdue_upkeep_link(
    personas: Personas, client: Client, persona: str, linked: bool
) -> None:
    # The overdue page answers 404 to everyone but managers, so nobody else is sent there.
    client.force_login(getattr(personas, persona))
    page = client.get(reverse("customers:cadence-list")).content.decode()
    assert (reverse("customers:upkeep-overdue") in page) is linked


@pytest.mark.parametrize("persona", ["rep", "finance", "design_staff", "outsider"])
def test_the_rule_pages_do_not_exist_for_others(personas: Personas, client: Client, persona: str) -> None:
    rule = cadence_create(
        created_by=personas.coordinator, name="Monthly call", kind=CadenceKind.PERIODIC_CALL, interval_days=30
    )
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("customers:cadence-list")).status_code == 404
    assert client.get(reverse("customers:cadence-edit", args=[rule.pk])).status_code == 404
    assert client.post(reverse("customers:cadence-deactivate", args=[rule.pk])).status_code == 404


def test_a_manager_of_another_unit_cannot_edit_north_rules(personas: Personas, client: Client) -> None:
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    south_manager = make_user("south_manager", roles=[Role.MANAGER], business_unit=personas.other_unit)
    rule = cadence_create(
        created_by=personas.coordinator, name="Monthly call", kind=CadenceKind.PERIODIC_CALL, interval_days=30
    )
    client.force_login(south_manager)
    assert client.get(reverse("customers:cadence-edit", args=[rule.pk])).status_code == 404


def test_a_coordinator_creates_edits_and_stops_a_rule(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("customers:cadence-create"),
        {"name": "Christmas dinner", "kind": "yearly_dinner", "month": "12", "day": "10", "lead_days": "14"},
    )
    assert response.status_code == 302
    rule = CadenceRule.objects.get()
    assert (rule.kind, rule.month, rule.day, rule.lead_days, rule.business_unit_id) == (
        "yearly_dinner",
        12,
        10,
        14,
        personas.unit.pk,
    )
    response = client.post(
        reverse("customers:cadence-edit", args=[rule.pk]),
        {"name": "Christmas dinner", "kind": "yearly_dinner", "month": "12", "day": "12", "lead_days": "21"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.day, rule.lead_days) == (12, 21)
    client.post(reverse("customers:cadence-deactivate", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.is_active is False
    assert list(
        AuditEvent.objects.filter(object_id=str(rule.pk), verb__startswith="cadence.")
        .values_list("verb", flat=True)
        .order_by("pk")
    ) == ["cadence.create", "cadence.update", "cadence.update"]


def test_an_invalid_rule_is_refused_with_the_field_named(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("customers:cadence-create"), {"name": "Calls", "kind": "periodic_call", "lead_days": "7"}
    )
    assert response.status_code == 200
    assert "Say how many days between calls." in response.content.decode()
    assert not CadenceRule.objects.exists()


def test_the_overdue_page_shows_the_team_to_the_manager_only(personas: Personas, client: Client) -> None:
    account = account_create(created_by=personas.other_rep, name="Late Gift GmbH")
    cadence_create(
        created_by=personas.coordinator,
        name="Gift",
        kind=CadenceKind.YEARLY_GIFT,
        account=account,
        month=1,
        day=2,
        lead_days=5,
    )
    client.force_login(personas.manager)
    from django.utils import timezone

    today = timezone.localdate()
    page = client.get(reverse("customers:upkeep-overdue")).content.decode()
    overdue_now = date(today.year, 1, 2) < today <= date(today.year, 2, 1)
    assert ("Late Gift GmbH" in page) is overdue_now
    client.force_login(personas.rep)
    assert client.get(reverse("customers:upkeep-overdue")).status_code == 404


def test_the_api_lists_creates_and_reports_upkeep(personas: Personas, client: Client) -> None:
    account = account_create(created_by=personas.other_rep, name="Late Gift GmbH")
    client.force_login(personas.coordinator)
    response = client.post(
        "/api/v1/cadences",
        {
            "name": "Gift",
            "kind": "yearly_gift",
            "account_id": account.pk,
            "month": 3,
            "day": 1,
            "lead_days": 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert [rule["name"] for rule in client.get("/api/v1/cadences").json()["items"]] == ["Gift"]
    client.force_login(personas.manager)
    body = client.get("/api/v1/upkeep", {"day": "2026-03-10", "team": "true"}).json()
    assert [(item["title"], item["due_on"], item["overdue"]) for item in body] == [
        ("Send Late Gift GmbH the yearly gift", "2026-03-01", True)
    ]
    client.force_login(personas.rep)
    assert client.get("/api/v1/upkeep", {"day": "2026-03-10"}).json() == []
    assert client.get("/api/v1/upkeep", {"day": "2026-03-10", "team": "true"}).status_code == 404
    assert (
        client.post(
            "/api/v1/cadences", {"name": "x", "kind": "yearly_gift"}, content_type="application/json"
        ).status_code
        == 404
    )
