"""Fixtures for prospecting tests: a questionnaire of the north unit and prospects at each step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from salesdesk.api.tests.conftest import api_client_for  # noqa: F401  (shared fixture)
from salesdesk.conftest import Personas
from salesdesk.prospects.choices import ProspectSource, QuestionKind
from salesdesk.prospects.models import Prospect, Questionnaire
from salesdesk.prospects.services import (
    prospect_answer,
    prospect_create,
    prospect_tee_up,
    question_add,
    questionnaire_create,
)

MakeProspect = Callable[..., Prospect]


@pytest.fixture
def questionnaire(personas: Personas) -> Questionnaire:
    """Budget (yes scores 2), employees (50 or more scores 1), optional notes; 3 needed to qualify."""
    made = questionnaire_create(created_by=personas.coordinator, name="Trade fair stand", qualifying_score=3)
    question_add(
        questionnaire=made,
        added_by=personas.coordinator,
        text="Do they have a budget this year?",
        kind=QuestionKind.YES_NO,
        weight=2,
        scoring_answer="yes",
    )
    question_add(
        questionnaire=made,
        added_by=personas.coordinator,
        text="How many employees?",
        kind=QuestionKind.NUMBER,
        weight=1,
        scoring_answer="50",
    )
    question_add(
        questionnaire=made,
        added_by=personas.coordinator,
        text="Anything else?",
        kind=QuestionKind.TEXT,
        required=False,
        weight=0,
    )
    return made


def answers_for(questionnaire: Questionnaire, *values: Any) -> dict[int, Any]:
    questions = list(questionnaire.questions.order_by("position"))
    return {question.pk: value for question, value in zip(questions, values, strict=False)}


@pytest.fixture
def make_prospect(personas: Personas) -> MakeProspect:
    def make(company_name: str = "Bäckerei Schulz", **fields: Any) -> Prospect:
        fields.setdefault("source", ProspectSource.COLD_CALL)
        fields.setdefault("contact_name", "Anna Schulz")
        fields.setdefault("email", "anna@schulz.example")
        fields.setdefault("phone", "+49 30 1234567")
        return prospect_create(created_by=personas.coordinator, company_name=company_name, **fields)

    return make


@pytest.fixture
def qualified(personas: Personas, questionnaire: Questionnaire, make_prospect: MakeProspect) -> Prospect:
    prospect = make_prospect()
    return prospect_answer(
        prospect=prospect,
        answered_by=personas.coordinator,
        questionnaire=questionnaire,
        answers=answers_for(questionnaire, "yes", "120"),
    )


@pytest.fixture
def teed_up(personas: Personas, qualified: Prospect) -> Prospect:
    return prospect_tee_up(
        prospect=qualified, teed_up_by=personas.coordinator, rep=personas.rep, note="Call Anna after 10."
    )
