"""Prospect pages: who sees what, the forms, and a list page that costs the same for 1 or 50 rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.prospects.models import Prospect, Question, Questionnaire
from salesdesk.prospects.services import prospect_accept
from salesdesk.prospects.tests.conftest import MakeProspect

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_rep_sees_only_prospects_teed_up_for_them(
    personas: Personas, teed_up: Prospect, make_prospect: MakeProspect
) -> None:
    make_prospect("Hidden GmbH")
    response = _client(personas.rep).get("/prospects/")
    assert response.status_code == 200
    assert [p.company_name for p in response.context["page"]] == ["Bäckerei Schulz"]


def test_another_rep_and_an_outsider_get_404_for_a_prospect_not_theirs(
    personas: Personas, teed_up: Prospect
) -> None:
    for person in (personas.other_rep, personas.outsider, personas.finance):
        assert _client(person).get(f"/prospects/{teed_up.pk}/").status_code == 404
    assert _client(personas.rep).get(f"/prospects/{teed_up.pk}/").status_code == 200
    assert _client(personas.coordinator).get(f"/prospects/{teed_up.pk}/").status_code == 200


def test_a_coordinator_creates_a_prospect_through_the_form(personas: Personas) -> None:
    response = _client(personas.coordinator).post(
        "/prospects/new/",
        {
            "company_name": "Müller AG",
            "source": "trade_show",
            "contact_name": "Jan Müller",
            "email": "jan@mueller.example",
        },
    )
    prospect = Prospect.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/prospects/{prospect.pk}/"
    assert (prospect.company_name, prospect.source, prospect.owner) == (
        "Müller AG",
        "trade_show",
        personas.coordinator,
    )


def test_a_rep_may_not_open_the_new_prospect_page(personas: Personas) -> None:
    assert _client(personas.rep).get("/prospects/new/").status_code == 403


def test_the_edit_form_shows_a_stale_edit_as_an_error(
    personas: Personas, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    Prospect.objects.filter(pk=prospect.pk).update(version=2)
    response = _client(personas.coordinator).post(
        f"/prospects/{prospect.pk}/edit/",
        {"company_name": "Renamed", "source": "cold_call", "version": "1"},
    )
    assert response.status_code == 200
    assert "was changed by someone else" in response.context["form"].non_field_errors()[0]
    prospect.refresh_from_db()
    assert prospect.company_name == "Bäckerei Schulz"


def test_answering_the_questionnaire_page_shows_the_question_that_needs_an_answer(
    personas: Personas, questionnaire: Questionnaire, make_prospect: MakeProspect
) -> None:
    prospect = make_prospect()
    budget, employees, _notes = Question.objects.order_by("position")
    client = _client(personas.coordinator)
    response = client.post(
        f"/prospects/{prospect.pk}/answers/",
        {"questionnaire": questionnaire.pk, f"question_{budget.pk}": "yes", f"question_{employees.pk}": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"question_{employees.pk}": ["“How many employees?” needs an answer."]
    }

    response = client.post(
        f"/prospects/{prospect.pk}/answers/",
        {"questionnaire": questionnaire.pk, f"question_{budget.pk}": "yes", f"question_{employees.pk}": "75"},
        follow=True,
    )
    assert "Score 3: the prospect is qualified." in response.content.decode()


def test_the_send_back_page_needs_a_reason(personas: Personas, teed_up: Prospect) -> None:
    response = _client(personas.rep).post(f"/prospects/{teed_up.pk}/send-back/", {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why you send it back."]}


def test_the_convert_page_converts_an_accepted_prospect(personas: Personas, teed_up: Prospect) -> None:
    prospect_accept(prospect=teed_up, accepted_by=personas.rep)
    response = _client(personas.rep).post(
        f"/prospects/{teed_up.pk}/convert/",
        {"opportunity_name": "Stand", "amount": "1200", "currency": "eur"},
    )
    assert response.status_code == 302
    assert Account.objects.get().name == "Bäckerei Schulz"


def test_questionnaire_pages_are_for_coordinators(personas: Personas, questionnaire: Questionnaire) -> None:
    assert _client(personas.rep).get(f"/prospects/questionnaires/{questionnaire.pk}/").status_code == 403
    assert _client(personas.outsider).get(f"/prospects/questionnaires/{questionnaire.pk}/").status_code == 404
    client = _client(personas.coordinator)
    response = client.post(
        f"/prospects/questionnaires/{questionnaire.pk}/questions/new/",
        {
            "text": "Which hall?",
            "kind": "choice",
            "choices": "Hall 1\nHall 2",
            "required": "on",
            "weight": "1",
            "scoring_answer": "Hall 2",
        },
    )
    assert response.status_code == 302
    assert list(questionnaire.questions.order_by("position").values_list("text", "choices")) == [
        ("Do they have a budget this year?", []),
        ("How many employees?", []),
        ("Anything else?", []),
        ("Which hall?", ["Hall 1", "Hall 2"]),
    ]
    response = client.post(
        f"/prospects/questionnaires/{questionnaire.pk}/questions/new/",
        {"text": "Which hall?", "kind": "choice", "choices": "Hall 1", "weight": "1"},
    )
    assert response.context["form"].errors == {
        "choices": ["A question with a list of choices needs at least two."]
    }


def test_a_question_opens_for_editing_within_its_questionnaire(
    personas: Personas, questionnaire: Questionnaire
) -> None:
    question = questionnaire.questions.order_by("position").first()
    assert question is not None
    url = f"/prospects/questionnaires/{questionnaire.pk}/questions/{question.pk}/"
    response = _client(personas.coordinator).get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["text"] == question.text
    assert _client(personas.outsider).get(url).status_code == 404


def test_the_list_page_costs_the_same_for_one_or_fifty_prospects(
    personas: Personas, make_prospect: MakeProspect
) -> None:
    client = _client(personas.coordinator)
    make_prospect("Prospect 0")
    client.get("/prospects/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/prospects/").status_code == 200
    for number in range(1, 50):
        make_prospect(f"Prospect {number}")
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/prospects/")
    assert len(response.context["page"]) == 50
    assert len(one) == len(fifty)
