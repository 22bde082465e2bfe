"""The pipeline services: moves, wins and losses, edits with version checks, lines and competitors."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Account
from salesdesk.org.models import BusinessUnit
from salesdesk.pipeline.models import (
    Competitor,
    LossReason,
    Opportunity,
    OpportunityLine,
    Pipeline,
    StageChange,
)
from salesdesk.pipeline.services import (
    opportunity_competitors_set,
    opportunity_create,
    opportunity_lines_set,
    opportunity_lose,
    opportunity_move,
    opportunity_update,
    opportunity_win,
    pipeline_default,
)
from salesdesk.pipeline.tests.conftest import MakeOpportunity, stage

pytestmark = pytest.mark.django_db


def test_it_opens_a_deal_in_the_first_open_stage_and_records_its_entry(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()

    assert opportunity.stage.name == "Qualification"
    assert opportunity.effective_probability == 10
    assert opportunity.weighted_value.amount == Decimal("100")
    change = StageChange.objects.get(opportunity=opportunity)
    assert (change.from_stage, change.to_stage, change.changed_by) == (None, opportunity.stage, personas.rep)


def test_it_records_the_time_spent_in_the_previous_stage_when_moving(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    # Given a deal that entered Qualification three days and two hours ago
    opportunity = make_opportunity()
    entered = timezone.now() - timedelta(days=3, hours=2)
    Opportunity.objects.filter(pk=opportunity.pk).update(stage_entered_at=entered)
    opportunity.refresh_from_db()

    # When the rep moves it to Proposal
    opportunity_move(opportunity=opportunity, stage=stage(pipeline, "Proposal"), moved_by=personas.rep)

    # Then the move is recorded with the time in Qualification, and the deal is in Proposal since now
    change = StageChange.objects.filter(opportunity=opportunity).order_by("pk").last()
    assert change is not None
    assert change.from_stage == stage(pipeline, "Qualification")
    assert change.to_stage == stage(pipeline, "Proposal")
    assert abs(change.seconds_in_previous - (3 * 86400 + 7200)) <= 5
    opportunity.refresh_from_db()
    assert opportunity.stage.name == "Proposal"
    assert opportunity.version == 2
    assert opportunity.closed_on is None


def test_it_refuses_to_lose_a_deal_without_a_reason_and_saves_nothing(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()

    with pytest.raises(ValidationError) as refused:
        opportunity_move(opportunity=opportunity, stage=stage(pipeline, "Lost"), moved_by=personas.rep)

    assert refused.value.message_dict == {"loss_reason": ["Say why the opportunity was lost."]}
    opportunity.refresh_from_db()
    assert opportunity.stage.name == "Qualification"
    assert StageChange.objects.filter(opportunity=opportunity).count() == 1


def test_it_loses_a_deal_with_a_reason_and_a_note_and_closes_it_today(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    price = LossReason.objects.create(name="Price")

    opportunity_lose(opportunity=opportunity, lost_by=personas.rep, loss_reason=price, loss_note=" Too dear ")

    opportunity.refresh_from_db()
    assert (opportunity.stage.name, opportunity.loss_reason, opportunity.loss_note) == (
        "Lost",
        price,
        "Too dear",
    )
    assert opportunity.closed_on == timezone.localdate()


def test_it_wins_a_deal_and_reopening_it_clears_the_close_date(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()

    opportunity_win(opportunity=opportunity, won_by=personas.rep)
    assert (opportunity.stage.name, opportunity.closed_on) == ("Won", timezone.localdate())

    opportunity_move(opportunity=opportunity, stage=stage(pipeline, "Negotiation"), moved_by=personas.rep)
    opportunity.refresh_from_db()
    assert (opportunity.stage.name, opportunity.closed_on) == ("Negotiation", None)


def test_it_refuses_a_stale_edit_and_keeps_the_newer_one(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    # Given two people who loaded version 1
    opportunity = make_opportunity()
    theirs = Opportunity.objects.get(pk=opportunity.pk)
    opportunity_update(
        opportunity=theirs, changed_by=personas.manager, expected_version=1, amount=Decimal("2500")
    )

    # When the rep saves on top of version 1
    with pytest.raises(StaleRecordError) as refused:
        opportunity_update(
            opportunity=opportunity, changed_by=personas.rep, expected_version=1, name="Renamed"
        )

    # Then it is refused and the manager's amount stays
    assert "you had version 1, it is now version 2" in str(refused.value)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.name, stored.amount, stored.version) == ("Ovens for Schulz", Decimal("2500"), 2)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"amount": Decimal("-1")}, {"amount": ["The amount cannot be negative."]}),
        ({"currency": "XYZ"}, {"currency": ["XYZ is not a currency code."]}),
        ({"probability": 120}, {"probability": ["Give a probability between 0 and 100."]}),
        ({"name": "  "}, {"name": ["Give the opportunity a name."]}),
        ({"stage": None}, {"stage": ["This field cannot be changed."]}),
    ],
)
def test_it_refuses_bad_edits_naming_the_field_and_saves_nothing(
    personas: Personas,
    make_opportunity: MakeOpportunity,
    changes: dict[str, object],
    errors: dict[str, list[str]],
) -> None:
    opportunity = make_opportunity()

    with pytest.raises(ValidationError) as refused:
        opportunity_update(opportunity=opportunity, changed_by=personas.rep, expected_version=1, **changes)

    assert refused.value.message_dict == errors
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.name, stored.amount, stored.currency, stored.version) == (
        "Ovens for Schulz",
        Decimal("1000.0000"),
        "EUR",
        1,
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"amount": Decimal("-5")}, {"amount": ["The amount cannot be negative."]}),
        ({"currency": "EURO"}, {"currency": ["EURO is not a currency code."]}),
    ],
)
def test_it_refuses_to_create_a_deal_from_bad_input_and_saves_nothing(
    personas: Personas, account: Account, fields: dict[str, object], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as refused:
        opportunity_create(
            created_by=personas.rep, account=account, name="Bad", expected_close=date(2030, 1, 1), **fields
        )

    assert refused.value.message_dict == errors
    assert not Opportunity.objects.exists()


def test_it_refuses_a_stage_of_another_pipeline_on_create_and_on_move(
    personas: Personas, pipeline: Pipeline, account: Account, make_opportunity: MakeOpportunity
) -> None:
    other_pipeline = pipeline_default(business_unit=BusinessUnit.objects.get(code="south"))
    foreign_stage = stage(other_pipeline, "Proposal")

    with pytest.raises(ValidationError) as on_create:
        opportunity_create(
            created_by=personas.rep,
            account=account,
            name="Wrong stage",
            expected_close=date(2030, 1, 1),
            pipeline=pipeline,
            stage=foreign_stage,
        )
    assert on_create.value.message_dict == {"stage": ["Choose a stage of the opportunity's pipeline."]}
    assert not Opportunity.objects.filter(name="Wrong stage").exists()

    opportunity = make_opportunity()
    with pytest.raises(ValidationError) as on_move:
        opportunity_move(opportunity=opportunity, stage=foreign_stage, moved_by=personas.rep)
    assert on_move.value.message_dict == {"stage": ["Choose a stage of the opportunity's pipeline."]}
    assert Opportunity.objects.get(pk=opportunity.pk).stage.name == "Qualification"


def test_it_replaces_the_products_in_the_deal_and_refuses_a_bad_line_whole(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    opportunity_lines_set(
        opportunity=opportunity,
        lines=[{"product": "Deck oven", "quantity": Decimal(2), "unit_price": Decimal("4500")}],
        changed_by=personas.rep,
    )

    with pytest.raises(ValidationError) as refused:
        opportunity_lines_set(
            opportunity=opportunity,
            lines=[
                {"product": "Proofer", "quantity": Decimal(1), "unit_price": Decimal("900")},
                {"product": "Mixer", "quantity": Decimal(0), "unit_price": Decimal("-1")},
            ],
            changed_by=personas.rep,
        )

    assert refused.value.message_dict == {
        "lines.1.quantity": ["The quantity must be more than zero."],
        "lines.1.unit_price": ["The price cannot be negative."],
    }
    lines = list(OpportunityLine.objects.filter(opportunity=opportunity).values_list("product", "quantity"))
    assert lines == [("Deck oven", Decimal("2.000"))]


def test_it_names_the_competitors_of_a_deal(personas: Personas, make_opportunity: MakeOpportunity) -> None:
    opportunity = make_opportunity()
    rival = Competitor.objects.create(name="Ofenbau Meier")

    opportunity_competitors_set(opportunity=opportunity, competitors=[rival], changed_by=personas.rep)

    assert list(Opportunity.objects.get(pk=opportunity.pk).competitors.all()) == [rival]
    assert Opportunity.objects.get(pk=opportunity.pk).version == 2
