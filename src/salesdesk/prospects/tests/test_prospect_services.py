"""Prospecting services: calls, qualification, tee-up, hand-back and the one-step conversion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.core.models import Notification
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.choices import ProspectStatus
from salesdesk.prospects.models import Answer, Prospect, Questionnaire
from salesdesk.prospects.services import (
    prospect_accept,
    prospect_answer,
    prospect_convert,
    prospect_create,
    prospect_log_attempt,
    prospect_send_back,
    prospect_tee_up,
    prospect_update,
)
from salesdesk.prospects.tests.conftest import MakeProspect, answers_for
from salesdesk.worklist.selectors import worklist_items

pytestmark = pytest.mark.django_db


def test_it_lets_only_coordinators_and_admins_record_prospects(personas: Personas) -> None:
    # Given a rep, When she tries to record a prospect, Then she is refused
    with pytest.raises(PermissionDenied):
        prospect_create(created_by=personas.rep, company_name="Acme", source="cold_call")
    # And an administrator may
    assert (
        prospect_create(created_by=personas.admin, company_name="Acme", source="advert").owner
        == personas.admin
    )


def test_it_refuses_a_prospect_with_an_invalid_email(personas: Personas) -> None:
    with pytest.raises(ValidationError) as refused:
        prospect_create(created_by=personas.coordinator, company_name="Acme", source="mailing", email="anna@")
    assert list(refused.value.message_dict) == ["email"]
    assert not Prospect.objects.exists()


def test_it_refuses_a_stale_edit(personas: Personas, make_prospect: MakeProspect) -> None:
    # Given a prospect two coordinators opened at version 1; the first saves
    prospect = make_prospect()
    prospect_update(
        prospect=prospect, changed_by=personas.coordinator, expected_version=1, notes="Big bakery"
    )
    # When the second saves with the version she loaded
    other = Prospect.objects.get(pk=prospect.pk)
    with pytest.raises(StaleRecordError):
        prospect_update(prospect=other, changed_by=personas.admin, expected_version=1, notes="Small")
    # Then the first change stays
    prospect.refresh_from_db()
    assert (prospect.notes, prospect.version) == ("Big bakery", 2)


def test_it_timestamps_the_first_attempt_and_first_reach_and_logs_each_call(
    personas: Personas, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    first = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    second = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    third = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)

    prospect_log_attempt(prospect=prospect, logged_by=personas.coordinator, reached=False, occurred_at=first)
    assert (prospect.status, prospect.attempted_at, prospect.reached_at) == ("attempted", first, None)

    prospect_log_attempt(prospect=prospect, logged_by=personas.coordinator, reached=True, occurred_at=second)
    prospect_log_attempt(prospect=prospect, logged_by=personas.coordinator, reached=True, occurred_at=third)

    prospect.refresh_from_db()
    assert (prospect.status, prospect.attempted_at, prospect.reached_at) == ("reached", first, second)
    calls = list(Activity.objects.filter(prospect=prospect).order_by("occurred_at"))
    assert [(c.kind, c.outcome, c.subject) for c in calls] == [
        ("call", "no_answer", "Tried to reach Bäckerei Schulz"),
        ("call", "reached", "Reached Bäckerei Schulz"),
        ("call", "reached", "Reached Bäckerei Schulz"),
    ]


def test_it_names_the_question_that_needs_an_answer_and_stores_nothing(
    personas: Personas, questionnaire: Questionnaire, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    budget, employees, _notes = questionnaire.questions.order_by("position")
    with pytest.raises(ValidationError) as refused:
        prospect_answer(
            prospect=prospect,
            answered_by=personas.coordinator,
            questionnaire=questionnaire,
            answers={budget.pk: "maybe", employees.pk: ""},
        )
    assert refused.value.message_dict == {
        f"question_{budget.pk}": ["“Do they have a budget this year?”: answer yes or no."],
        f"question_{employees.pk}": ["“How many employees?” needs an answer."],
    }
    assert not Answer.objects.exists()


def test_it_qualifies_when_the_score_reaches_the_qualifying_score(
    personas: Personas, questionnaire: Questionnaire, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    # Budget yes (2) but only 20 employees (0): score 2 of 3
    prospect_answer(
        prospect=prospect,
        answered_by=personas.coordinator,
        questionnaire=questionnaire,
        answers=answers_for(questionnaire, "yes", "20"),
    )
    assert (prospect.score, prospect.status, prospect.qualified_at) == (2, "new", None)

    # Re-answered with 50 employees (1): score 3 of 3
    prospect_answer(
        prospect=prospect,
        answered_by=personas.coordinator,
        questionnaire=questionnaire,
        answers=answers_for(questionnaire, "yes", "50", "Wants a big stand"),
    )
    prospect.refresh_from_db()
    assert (prospect.score, prospect.status) == (3, "qualified")
    assert prospect.qualified_at is not None
    assert sorted(Answer.objects.filter(prospect=prospect).values_list("value", flat=True)) == [
        "50",
        "Wants a big stand",
        "yes",
    ]


def test_it_refuses_to_tee_up_an_unqualified_prospect(
    personas: Personas, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    with pytest.raises(ValidationError) as refused:
        prospect_tee_up(prospect=prospect, teed_up_by=personas.coordinator, rep=personas.rep, note="Call")
    assert refused.value.message_dict == {"status": ["Only a qualified prospect can be teed up."]}
    prospect.refresh_from_db()
    assert (prospect.status, prospect.assigned_rep) == ("new", None)


def test_it_needs_a_note_and_a_rep_of_the_unit_to_tee_up(personas: Personas, qualified: Prospect) -> None:
    with pytest.raises(ValidationError) as refused:
        prospect_tee_up(prospect=qualified, teed_up_by=personas.coordinator, rep=personas.outsider, note=" ")
    assert refused.value.message_dict == {
        "note": ["Write a hand-off note for the rep."],
        "rep": ["Choose an active sales rep of your business unit."],
    }


def test_it_tees_up_for_a_rep_who_is_notified_and_sees_it_on_the_worklist(
    personas: Personas, qualified: Prospect, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        prospect_tee_up(
            prospect=qualified, teed_up_by=personas.coordinator, rep=personas.rep, note="After 10"
        )

    qualified.refresh_from_db()
    assert (qualified.status, qualified.assigned_rep, qualified.teed_up_by) == (
        "teed_up",
        personas.rep,
        personas.coordinator,
    )
    assert qualified.teed_up_at is not None
    assert list(Notification.objects.filter(recipient=personas.rep).values_list("title", flat=True)) == [
        "coordinator teed up a prospect for you: Bäckerei Schulz"
    ]
    items = worklist_items(user=personas.rep, today=timezone.localdate())
    assert [(i.rule, i.title, i.detail) for i in items if i.rule.startswith("prospects")] == [
        ("prospects_teed_up", "Prospect teed up for you: Bäckerei Schulz", "After 10")
    ]
    assert not [
        i for i in worklist_items(user=personas.other_rep, today=timezone.localdate()) if "prospect" in i.key
    ]


def test_only_the_rep_it_was_teed_up_for_may_accept(personas: Personas, teed_up: Prospect) -> None:
    with pytest.raises(PermissionDenied):
        prospect_accept(prospect=teed_up, accepted_by=personas.other_rep)
    prospect_accept(prospect=teed_up, accepted_by=personas.rep)
    assert teed_up.status == ProspectStatus.ACCEPTED


def test_sending_back_needs_a_reason_and_returns_it_to_the_coordinator(
    personas: Personas, teed_up: Prospect, django_capture_on_commit_callbacks: object
) -> None:
    with pytest.raises(ValidationError) as refused:
        prospect_send_back(prospect=teed_up, sent_back_by=personas.rep, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why you send it back."]}

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        prospect_send_back(prospect=teed_up, sent_back_by=personas.rep, reason="They bought elsewhere")

    teed_up.refresh_from_db()
    assert (teed_up.status, teed_up.sent_back_reason, teed_up.assigned_rep) == (
        "sent_back",
        "They bought elsewhere",
        None,
    )
    assert not Prospect.objects.visible_to(personas.rep).exists()
    items = worklist_items(user=personas.coordinator, today=timezone.localdate())
    assert [(i.title, i.detail) for i in items if i.rule == "prospects_sent_back"] == [
        ("Sent back: Bäckerei Schulz", "They bought elsewhere")
    ]
    assert Notification.objects.get(recipient=personas.coordinator).title == "rep sent back Bäckerei Schulz"
    # And it may be teed up again, for another rep
    prospect_tee_up(
        prospect=teed_up, teed_up_by=personas.coordinator, rep=personas.other_rep, note="Try again"
    )
    assert (teed_up.status, teed_up.sent_back_reason) == ("teed_up", "")


def test_conversion_creates_one_account_contact_and_opportunity_credited_to_the_coordinator(
    personas: Personas, teed_up: Prospect
) -> None:
    # Given a prospect the rep accepted
    prospect_accept(prospect=teed_up, accepted_by=personas.rep)

    # When the rep converts it
    prospect_convert(prospect=teed_up, converted_by=personas.rep, opportunity_name="Stand 2027")

    # Then exactly one account, contact and opportunity exist, owned by the rep, credited to the coordinator
    account, contact, opportunity = Account.objects.get(), Contact.objects.get(), Opportunity.objects.get()
    assert (account.name, account.owner, account.teed_up_by) == (
        "Bäckerei Schulz",
        personas.rep,
        personas.coordinator,
    )
    assert (contact.full_name, contact.account, contact.teed_up_by) == (
        "Anna Schulz",
        account,
        personas.coordinator,
    )
    assert sorted(ContactPoint.objects.filter(contact=contact).values_list("kind", "normalized")) == [
        ("email", "anna@schulz.example"),
        ("phone", "+49301234567"),
    ]
    assert (opportunity.name, opportunity.account, opportunity.contact, opportunity.owner) == (
        "Stand 2027",
        account,
        contact,
        personas.rep,
    )
    assert (opportunity.teed_up_by, opportunity.source, opportunity.stage.name) == (
        personas.coordinator,
        "cold_call",
        "Qualification",
    )
    teed_up.refresh_from_db()
    assert teed_up.status == "converted"
    assert (teed_up.converted_account, teed_up.converted_contact, teed_up.converted_opportunity) == (
        account,
        contact,
        opportunity,
    )


def test_a_rep_cannot_convert_before_accepting(personas: Personas, teed_up: Prospect) -> None:
    with pytest.raises(ValidationError) as refused:
        prospect_convert(prospect=teed_up, converted_by=personas.rep)
    assert refused.value.message_dict == {"status": ["Only an accepted prospect can be converted."]}
    with pytest.raises(PermissionDenied):
        prospect_convert(prospect=teed_up, converted_by=personas.other_rep)


def test_conversion_with_bad_data_creates_nothing(personas: Personas, teed_up: Prospect) -> None:
    # Given an accepted prospect whose e-mail was mistyped after it was teed up (bypassing the checks)
    prospect_accept(prospect=teed_up, accepted_by=personas.rep)
    Prospect.objects.filter(pk=teed_up.pk).update(email="anna@@schulz")
    teed_up.refresh_from_db()

    # When the rep converts it
    with pytest.raises(ValidationError) as refused:
        prospect_convert(prospect=teed_up, converted_by=personas.rep)

    # Then the error names the e-mail and nothing was created
    assert list(refused.value.message_dict) == ["email"]
    assert "anna@@schulz is not a valid e-mail address" in refused.value.message_dict["email"][0]
    assert (Account.objects.count(), Contact.objects.count(), Opportunity.objects.count()) == (0, 0, 0)
    assert ContactPoint.objects.count() == 0
    teed_up.refresh_from_db()
    assert (teed_up.status, teed_up.converted_account) == ("accepted", None)


def test_a_coordinator_may_convert_a_teed_up_prospect_for_the_rep(
    personas: Personas, teed_up: Prospect
) -> None:
    prospect_convert(prospect=teed_up, converted_by=personas.coordinator)
    opportunity = Opportunity.objects.get()
    assert (opportunity.owner, opportunity.teed_up_by, opportunity.name) == (
        personas.rep,
        personas.coordinator,
        "Bäckerei Schulz",
    )
