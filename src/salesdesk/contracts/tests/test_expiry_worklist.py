"""Contracts about to end are on their owner's worklist, due by the notice deadline."""

from __future__ import annotations

from datetime import date, timedelta

from salesdesk.conftest import Personas
from salesdesk.contracts.rules_expiry import ExpiringContractsRule
from salesdesk.contracts.tests.expiry_data import make_contract
from salesdesk.core.models import CompanySettings
from salesdesk.worklist.selectors import worklist_items

TODAY = date(2026, 11, 23)


def test_contracts_ending_within_the_warning_days_are_on_the_owners_worklist(personas: Personas) -> None:
    settings_row = CompanySettings.current()
    settings_row.expiry_warning_days = 60
    settings_row.save()
    relaxed = make_contract(personas.rep, TODAY + timedelta(days=59), notice_days=30, title="Relaxed")
    pressing = make_contract(personas.rep, TODAY + timedelta(days=40), notice_days=30, title="Pressing")
    make_contract(personas.rep, TODAY + timedelta(days=61), title="Too far ahead")
    make_contract(personas.other_rep, TODAY + timedelta(days=30), title="Someone else's")

    items = list(ExpiringContractsRule().items(user=personas.rep, today=TODAY))

    assert [item.title for item in items] == ["Renew or let go: Pressing", "Renew or let go: Relaxed"]
    by_title = {item.title: item for item in items}
    pressing_item = by_title["Renew or let go: Pressing"]
    assert pressing_item.due_on == pressing.notice_deadline() == TODAY + timedelta(days=10)
    assert pressing_item.priority > by_title["Renew or let go: Relaxed"].priority
    assert by_title["Renew or let go: Relaxed"].due_on == relaxed.notice_deadline()
    assert pressing_item.key == f"contract-expiry:{pressing.pk}:{pressing.end_on.isoformat()}"
    assert "Müller & Söhne GmbH" in pressing_item.detail


def test_once_the_notice_deadline_has_passed_the_end_is_the_due_date(personas: Personas) -> None:
    contract = make_contract(personas.rep, TODAY + timedelta(days=20), notice_days=90)

    [item] = ExpiringContractsRule().items(user=personas.rep, today=TODAY)

    assert item.due_on == contract.end_on


def test_the_rule_feeds_the_worklist(personas: Personas) -> None:
    make_contract(personas.rep, TODAY + timedelta(days=5), title="Ending soon")

    items = worklist_items(user=personas.rep, today=TODAY)

    assert "Renew or let go: Ending soon" in [item.title for item in items]
