"""Renewal opportunities open by themselves, once, a set number of days before a contract ends."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from salesdesk.conftest import Personas
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract
from salesdesk.contracts.renewals import renewals_open
from salesdesk.contracts.tasks import open_renewal_opportunities
from salesdesk.contracts.tests.expiry_data import make_contract
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import CompanySettings, JobRun
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity

TODAY = date(2026, 11, 23)


def test_a_renewal_opportunity_opens_at_the_lead_days_before_the_end(personas: Personas) -> None:
    settings_row = CompanySettings.current()
    settings_row.renewal_lead_days = 30
    settings_row.save()
    due = make_contract(
        personas.rep,
        TODAY + timedelta(days=30),
        title="Jahresanzeigen 2027",
        value="12000.50",
        currency="CHF",
    )
    early = make_contract(personas.rep, TODAY + timedelta(days=31))
    ended = make_contract(personas.rep, TODAY - timedelta(days=1))
    draft = make_contract(personas.rep, TODAY + timedelta(days=10), status=ContractStatus.DRAFT)

    run = renewals_open(today=TODAY)

    assert run.opened == 1
    due.refresh_from_db()
    opportunity = due.renewal_opportunity
    assert opportunity is not None
    assert opportunity.name == "Renewal: Jahresanzeigen 2027"
    assert opportunity.owner == personas.rep
    assert opportunity.account_id == due.account_id
    assert (opportunity.amount, opportunity.currency) == (Decimal("12000.50"), "CHF")
    assert opportunity.expected_close == due.end_on
    assert opportunity.stage.kind == StageKind.OPEN
    assert opportunity.stage.position == 1  # the default pipeline's first open stage
    assert opportunity.pipeline.is_default
    assert due.version == 2  # the link is a versioned change of the contract
    for untouched in (early, ended, draft):
        untouched.refresh_from_db()
        assert untouched.renewal_opportunity_id is None


def test_the_renewal_opportunity_opens_only_once(personas: Personas) -> None:
    contract = make_contract(personas.rep, TODAY + timedelta(days=20))

    first = renewals_open(today=TODAY, lead_days=90)
    second = renewals_open(today=TODAY + timedelta(days=1), lead_days=90)

    assert (first.opened, second.opened) == (1, 0)
    assert Opportunity.objects.filter(account=contract.account).count() == 1


def test_a_contract_whose_owner_left_is_skipped_and_named(personas: Personas) -> None:
    contract = make_contract(personas.other_rep, TODAY + timedelta(days=20))
    fine = make_contract(personas.rep, TODAY + timedelta(days=21))
    personas.other_rep.is_active = False
    personas.other_rep.save()

    run = renewals_open(today=TODAY, lead_days=90)

    assert run.opened == 1
    assert [pk for pk, _why in run.skipped] == [contract.pk]
    assert Contract.objects.get(pk=contract.pk).renewal_opportunity_id is None
    assert Contract.objects.get(pk=fine.pk).renewal_opportunity_id is not None


def test_many_due_contracts_are_all_opened(personas: Personas) -> None:
    contracts = [make_contract(personas.rep, TODAY + timedelta(days=day)) for day in range(1, 13)]

    run = renewals_open(today=TODAY, lead_days=90)

    assert run.opened == len(contracts)
    assert not Contract.objects.filter(
        pk__in=[c.pk for c in contracts], renewal_opportunity__isnull=True
    ).exists()


def test_the_daily_job_opens_the_due_renewals_and_reports_them(personas: Personas) -> None:
    make_contract(personas.rep, TODAY + timedelta(days=10))
    run = JobRun.objects.create(kind="contracts.renewals", label="Open renewal opportunities")

    result = open_renewal_opportunities.call(str(run.pk), TODAY.isoformat())

    assert result == {"opened": 1, "skipped": []}
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
