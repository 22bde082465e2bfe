"""Questionnaires, their questions, and qualifying a prospect by its answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectStatus, QuestionKind
from salesdesk.prospects.models import Answer, Prospect, Question, Questionnaire
from salesdesk.prospects.services._common import (
    ANSWERABLE,
    NO,
    QUESTION_FIELDS,
    QUESTIONNAIRE_FIELDS,
    YES,
    _add,
    _require_prospector,
)
from salesdesk.prospects.services.prospects import _check_open

# Questionnaires -----------------------------------------------------------------------------------------


def _validate_questionnaire(questionnaire: Questionnaire) -> None:
    errors: dict[str, list[str]] = {}
    if not questionnaire.name.strip():
        _add(errors, "name", _("Give the questionnaire a name."))
    if questionnaire.qualifying_score is None or questionnaire.qualifying_score < 0:
        _add(errors, "qualifying_score", _("The score needed to qualify cannot be negative."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def questionnaire_create(
    *, created_by: User, name: str, qualifying_score: int = 0, is_active: bool = True
) -> Questionnaire:
    """A questionnaire for the creator's business unit (coordinators and administrators only)."""
    _require_prospector(created_by)
    if created_by.business_unit_id is None:
        raise ValidationError(_("You belong to no business unit."))
    questionnaire = Questionnaire(
        business_unit_id=created_by.business_unit_id,
        name=name.strip(),
        qualifying_score=qualifying_score,
        is_active=is_active,
    )
    _validate_questionnaire(questionnaire)
    questionnaire.save()
    audit_record(actor=created_by, verb="questionnaire.create", target=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, changed_by: User, **changes: Any) -> Questionnaire:
    _require_prospector(changed_by)
    unknown = set(changes) - set(QUESTIONNAIRE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    for field, value in changes.items():
        setattr(questionnaire, field, value.strip() if isinstance(value, str) else value)
    _validate_questionnaire(questionnaire)
    questionnaire.save()
    audit_record(actor=changed_by, verb="questionnaire.update", target=questionnaire, changes=dict(changes))
    return questionnaire


def parse_answer(question: Question, raw: Any) -> str:
    """The stored form of an answer to `question` ("" when none); ValueError names what is wrong."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return ""
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("“%(question)s”: enter a number.") % {"question": question.text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(question)s”: enter a number.") % {"question": question.text})
        return format(number.normalize(), "f")
    if question.kind == QuestionKind.YES_NO:
        lowered = text.lower()
        if lowered in {"yes", "true", "1", "on"}:
            return YES
        if lowered in {"no", "false", "0", "off"}:
            return NO
        raise ValueError(_("“%(question)s”: answer yes or no.") % {"question": question.text})
    if question.kind == QuestionKind.CHOICE:
        if text not in question.choices:
            raise ValueError(
                _("“%(question)s”: choose one of %(choices)s.")
                % {"question": question.text, "choices": ", ".join(question.choices)}
            )
        return text
    if question.kind == QuestionKind.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(
                _("“%(question)s”: enter a date as YYYY-MM-DD.") % {"question": question.text}
            ) from None
    return text


def answer_scores(question: Question, value: str) -> bool:
    """Whether a stored answer earns the question's weight (empty scoring answer: any answer does)."""
    if not value:
        return False
    target = question.scoring_answer.strip()
    if not target:
        return True
    if question.kind == QuestionKind.NUMBER:
        try:
            return Decimal(value) >= Decimal(target.replace(",", "."))
        except InvalidOperation:
            return False
    if question.kind == QuestionKind.TEXT:
        return value.casefold() == target.casefold()
    if question.kind == QuestionKind.YES_NO:
        return value == target.lower()
    return value == target


def _validate_question(question: Question) -> None:
    errors: dict[str, list[str]] = {}
    if not question.text.strip():
        _add(errors, "text", _("Write the question."))
    if question.kind not in QuestionKind.values:
        _add(errors, "kind", _("Choose the kind of answer."))
    choices = question.choices
    if not isinstance(choices, list) or not all(isinstance(choice, str) for choice in choices):
        _add(errors, "choices", _("Give the choices as a list of texts."))
    elif question.kind == QuestionKind.CHOICE:
        if len(choices) < 2:
            _add(errors, "choices", _("A question with a list of choices needs at least two."))
        elif len(set(choices)) != len(choices):
            _add(errors, "choices", _("Each choice may appear only once."))
    if question.scoring_answer and "kind" not in errors and "choices" not in errors:
        target = question.scoring_answer.strip()
        if question.kind == QuestionKind.YES_NO and target.lower() not in {YES, NO}:
            _add(errors, "scoring_answer", _("The answer that scores is yes or no."))
        elif question.kind == QuestionKind.CHOICE and target not in choices:
            _add(errors, "scoring_answer", _("The answer that scores must be one of the choices."))
        elif question.kind == QuestionKind.NUMBER:
            try:
                Decimal(target.replace(",", "."))
            except InvalidOperation:
                _add(errors, "scoring_answer", _("For a number, the answer that scores is the minimum."))
        elif question.kind == QuestionKind.DATE:
            try:
                date.fromisoformat(target)
            except ValueError:
                _add(errors, "scoring_answer", _("Enter the date as YYYY-MM-DD."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_add(
    *,
    questionnaire: Questionnaire,
    added_by: User,
    text: str,
    kind: str,
    choices: list[str] | None = None,
    required: bool = True,
    weight: int = 1,
    scoring_answer: str = "",
    position: int | None = None,
) -> Question:
    """Add a question at `position` (last by default), moving later questions down."""
    _require_prospector(added_by)
    questions = Question.objects.select_for_update().filter(questionnaire=questionnaire)
    last = max((q.position for q in questions), default=0)
    position = last + 1 if position is None or position > last else max(1, position)
    question = Question(
        questionnaire=questionnaire,
        position=position,
        text=text.strip(),
        kind=kind,
        choices=[choice.strip() for choice in choices or [] if choice.strip()],
        required=required,
        weight=weight,
        scoring_answer=scoring_answer.strip(),
    )
    _validate_question(question)
    _shift(questionnaire, from_position=position, by=1)
    question.save()
    return question


def _shift(questionnaire: Questionnaire, *, from_position: int, by: int) -> None:
    # Moved one at a time from the far end so the unique (questionnaire, position) never collides.
    movers = Question.objects.filter(questionnaire=questionnaire, position__gte=from_position)
    for mover in movers.order_by("-position" if by > 0 else "position"):
        Question.objects.filter(pk=mover.pk).update(position=mover.position + by)


@transaction.atomic
def question_update(*, question: Question, changed_by: User, **changes: Any) -> Question:
    _require_prospector(changed_by)
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    new_position = changes.pop("position", None)
    for field, value in changes.items():
        if field == "choices":
            value = [choice.strip() for choice in value or [] if choice.strip()]
        setattr(question, field, value.strip() if isinstance(value, str) else value)
    _validate_question(question)
    question.save()
    if new_position is not None and new_position != question.position:
        _move(question, new_position)
    return question


def _move(question: Question, position: int) -> None:
    siblings = list(
        Question.objects.select_for_update()
        .filter(questionnaire_id=question.questionnaire_id)
        .order_by("position")
    )
    ordered = [q for q in siblings if q.pk != question.pk]
    ordered.insert(max(0, min(position - 1, len(ordered))), question)
    # Park everyone beyond the current range first so the renumbering never hits the unique constraint.
    offset = len(siblings) + 1000
    for q in ordered:
        Question.objects.filter(pk=q.pk).update(position=q.position + offset)
    for index, q in enumerate(ordered, start=1):
        Question.objects.filter(pk=q.pk).update(position=index)
    question.position = ordered.index(question) + 1


@transaction.atomic
def question_delete(*, question: Question, deleted_by: User) -> None:
    """Remove a question nobody has answered yet (answered ones stay for the record; edit them instead)."""
    _require_prospector(deleted_by)
    if question.answers.exists():
        raise ValidationError(_("This question has answers already; it cannot be removed."))
    questionnaire, position = question.questionnaire, question.position
    question.delete()
    _shift(questionnaire, from_position=position + 1, by=-1)


# Qualification -------------------------------------------------------------------------------------------


def _fallback_status(prospect: Prospect) -> str:
    if prospect.reached_at:
        return ProspectStatus.REACHED
    if prospect.attempted_at:
        return ProspectStatus.ATTEMPTED
    return ProspectStatus.NEW


@transaction.atomic
def prospect_answer(
    *,
    prospect: Prospect,
    answered_by: User,
    questionnaire: Questionnaire,
    answers: dict[int, Any],
    expected_version: int | None = None,
) -> Prospect:
    """Store the answers to `questionnaire`, score them, and qualify the prospect when the score is enough.

    Every answer is checked against its question's kind and required answers are enforced; an error
    names the question (field "question_<id>") and nothing is stored.
    """
    _check_open(prospect)
    if prospect.status not in ANSWERABLE:
        raise ValidationError({"status": _("The prospect is with a rep now; its answers cannot change.")})
    if not visible_to(answered_by, Questionnaire).filter(pk=questionnaire.pk).exists():
        raise ValidationError({"questionnaire": _("Choose a questionnaire of your business unit.")})
    questions = list(questionnaire.questions.order_by("position"))
    errors: dict[str, list[str]] = {}
    values: dict[int, str] = {}
    for question in questions:
        try:
            value = parse_answer(question, answers.get(question.pk))
        except ValueError as exc:
            _add(errors, f"question_{question.pk}", str(exc))
            continue
        if question.required and not value:
            _add(
                errors,
                f"question_{question.pk}",
                _("“%(question)s” needs an answer.") % {"question": question.text},
            )
        values[question.pk] = value
    if errors:
        raise ValidationError(errors)
    stored = {answer.question_id: answer for answer in prospect.answers.filter(question__in=questions)}
    to_create, to_update = [], []
    for question in questions:
        answer = stored.get(question.pk)
        if answer is None:
            to_create.append(
                Answer(
                    prospect=prospect, question=question, value=values[question.pk], answered_by=answered_by
                )
            )
        else:
            answer.value, answer.answered_by, answer.answered_at = (
                values[question.pk],
                answered_by,
                timezone.now(),
            )
            to_update.append(answer)
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(to_update, ["value", "answered_by", "answered_at"])
    score = sum(question.weight for question in questions if answer_scores(question, values[question.pk]))
    prospect.questionnaire = questionnaire
    prospect.score = score
    qualified = score >= questionnaire.qualifying_score
    if qualified:
        if prospect.status != ProspectStatus.SENT_BACK:
            prospect.status = ProspectStatus.QUALIFIED
        if prospect.qualified_at is None:
            prospect.qualified_at = timezone.now()
    elif prospect.status == ProspectStatus.QUALIFIED:
        prospect.status = _fallback_status(prospect)
    save_versioned(
        prospect,
        expected_version=prospect.version if expected_version is None else expected_version,
        reason=_("Questionnaire answered (score %(score)s)") % {"score": score},
        changed_by=answered_by,
    )
    return prospect
