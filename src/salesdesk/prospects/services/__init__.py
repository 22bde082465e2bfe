"""Writes to prospects and questionnaires: research, qualification, tee-up, hand-back and conversion.

Every service validates first, runs in one transaction, and leaves nothing half-saved. Notifications go
out only after the transaction commits.
"""

from salesdesk.prospects.services._common import (
    ANSWERABLE,
    PROSPECT_FIELDS,
    PROSPECTING_ROLES,
    QUESTION_FIELDS,
    QUESTIONNAIRE_FIELDS,
    TEE_UP_FROM,
    can_prospect,
)
from salesdesk.prospects.services.handoff import (
    can_convert,
    prospect_accept,
    prospect_convert,
    prospect_send_back,
    prospect_tee_up,
    reps_for_tee_up,
)
from salesdesk.prospects.services.prospects import prospect_create, prospect_log_attempt, prospect_update
from salesdesk.prospects.services.questionnaires import (
    answer_scores,
    parse_answer,
    prospect_answer,
    question_add,
    question_delete,
    question_update,
    questionnaire_create,
    questionnaire_update,
)

__all__ = [
    "ANSWERABLE",
    "PROSPECTING_ROLES",
    "PROSPECT_FIELDS",
    "QUESTIONNAIRE_FIELDS",
    "QUESTION_FIELDS",
    "TEE_UP_FROM",
    "answer_scores",
    "can_convert",
    "can_prospect",
    "parse_answer",
    "prospect_accept",
    "prospect_answer",
    "prospect_convert",
    "prospect_create",
    "prospect_log_attempt",
    "prospect_send_back",
    "prospect_tee_up",
    "prospect_update",
    "question_add",
    "question_delete",
    "question_update",
    "questionnaire_create",
    "questionnaire_update",
    "reps_for_tee_up",
]
