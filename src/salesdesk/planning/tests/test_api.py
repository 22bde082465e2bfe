"""Goals, plan vs actual and notes through the API: same services, same visibility, same refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas

pytestmark = pytest.mark.django_db


def _goal_payload(personas: Personas, **changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "scope": "person",
        "person_id": personas.rep.pk,
        "metric": "revenue",
        "period_kind": "year",
        "period_day": "2026-05-01",
        "target": "60000",
        "title": "Umsatz 2026",
    }
    payload.update(changes)
    return payload


def test_a_manager_sets_revises_and_reads_a_goal(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.manager)
    created = client.post("/api/v1/goals", _goal_payload(personas), content_type="application/json")
    assert created.status_code == 201, created.content
    goal = created.json()
    assert len(goal["months"]) == 12
    assert sum(Decimal(month["target"]) for month in goal["months"]) == Decimal(60000)
    no_reason = client.patch(
        f"/api/v1/goals/{goal['id']}",
        {"version": goal["version"], "reason": "", "target": "50000"},
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.content.decode()
    revised = client.patch(
        f"/api/v1/goals/{goal['id']}",
        {"version": goal["version"], "reason": "economy", "target": "50000"},
        content_type="application/json",
    )
    assert revised.status_code == 200
    assert Decimal(revised.json()["target"]) == Decimal(50000)
    stale = client.patch(
        f"/api/v1/goals/{goal['id']}",
        {"version": goal["version"], "reason": "economy", "target": "40000"},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_a_rep_writes_the_variance_note_and_cannot_read_a_colleague(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(personas.rep)
    saved = client.put(
        "/api/v1/plan-vs-actual/notes",
        {
            "subject": f"person-{personas.rep.pk}",
            "metric": "revenue",
            "grain": "month",
            "period_start": "2026-03-15",
            "analysis": "Zwei Aufträge verschoben",
            "next_action": "Nachfassen",
        },
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    table = client.get(
        "/api/v1/plan-vs-actual", {"subject": f"person-{personas.rep.pk}", "year": 2026}
    ).json()
    march = next(row for row in table["rows"] if row["start"] == "2026-03-01")
    assert march["analysis"] == "Zwei Aufträge verschoben"
    other = client.get("/api/v1/plan-vs-actual", {"subject": f"person-{personas.other_rep.pk}", "year": 2026})
    assert other.status_code == 404
