"""Writes to opportunities and pipelines. One transaction each, validated first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.money import is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import BusinessUnit, User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity, Pipeline, Stage, StageChange

DEFAULT_STAGES = [
    # (name, probability %, kind); names are translated when shown through the stage's own name.
    ("Qualification", 10, StageKind.OPEN),
    ("Needs analysis", 25, StageKind.OPEN),
    ("Proposal", 50, StageKind.OPEN),
    ("Negotiation", 75, StageKind.OPEN),
    ("Won", 100, StageKind.WON),
    ("Lost", 0, StageKind.LOST),
]


@transaction.atomic
def pipeline_default(*, business_unit: BusinessUnit) -> Pipeline:
    """The unit's default pipeline, created with the usual stages the first time it is needed."""
    pipeline = Pipeline.objects.filter(business_unit=business_unit, is_default=True).first()
    if pipeline is not None:
        return pipeline
    pipeline = Pipeline.objects.create(business_unit=business_unit, name="Sales", is_default=True)
    Stage.objects.bulk_create(
        Stage(pipeline=pipeline, name=name, position=position, probability=probability, kind=kind)
        for position, (name, probability, kind) in enumerate(DEFAULT_STAGES, start=1)
    )
    return pipeline


@transaction.atomic
def opportunity_create(
    *,
    created_by: User,
    account: Account,
    name: str,
    expected_close: date,
    amount: Decimal = Decimal(0),
    currency: str = "EUR",
    owner: User | None = None,
    contact: Contact | None = None,
    pipeline: Pipeline | None = None,
    stage: Stage | None = None,
    **fields: Any,
) -> Opportunity:
    """Open a deal on an account, in the first open stage of the (default) pipeline unless told."""
    errors: dict[str, list[str]] = {}
    owner = owner or created_by
    if not name.strip():
        errors.setdefault("name", []).append(_("Give the opportunity a name."))
    if not visible_to(created_by, Account).filter(pk=account.pk).exists():
        errors.setdefault("account", []).append(_("Choose an account you can see."))
    if not is_currency(currency):
        errors.setdefault("currency", []).append(_("%(code)s is not a currency code.") % {"code": currency})
    if amount < 0:
        errors.setdefault("amount", []).append(_("The amount cannot be negative."))
    if not owner.is_active or not visible_to(created_by, User).filter(pk=owner.pk).exists():
        errors.setdefault("owner", []).append(_("Choose an active person as owner."))
    if errors:
        raise ValidationError(errors)
    if owner.business_unit is None:
        raise ValidationError({"owner": _("The owner belongs to no business unit.")})
    pipeline = pipeline or pipeline_default(business_unit=owner.business_unit)
    stage = stage or pipeline.stages.filter(kind=StageKind.OPEN).order_by("position").first()
    if stage is None or stage.pipeline_id != pipeline.pk:
        raise ValidationError({"stage": _("Choose a stage of the opportunity's pipeline.")})
    now = timezone.now()
    opportunity = Opportunity(
        name=name.strip(),
        account=account,
        contact=contact,
        pipeline=pipeline,
        stage=stage,
        stage_entered_at=now,
        amount=amount,
        currency=currency,
        expected_close=expected_close,
        owner=owner,
        **fields,
    )
    opportunity._history_user = created_by  # type: ignore[attr-defined]
    opportunity.save()
    StageChange.objects.create(opportunity=opportunity, to_stage=stage, changed_by=created_by, changed_at=now)
    return opportunity


@transaction.atomic
def opportunity_move(
    *, opportunity: Opportunity, stage: Stage, moved_by: User, expected_version: int | None = None
) -> Opportunity:
    """Move a deal to another stage of its pipeline, recording how long it sat in the previous one."""
    from salesdesk.core.versioning import save_versioned

    if stage.pipeline_id != opportunity.pipeline_id:
        raise ValidationError({"stage": _("Choose a stage of the opportunity's pipeline.")})
    if stage.pk == opportunity.stage_id:
        return opportunity
    now = timezone.now()
    previous = opportunity.stage
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=previous,
        to_stage=stage,
        changed_by=moved_by,
        changed_at=now,
        seconds_in_previous=max(0, int((now - opportunity.stage_entered_at).total_seconds())),
    )
    opportunity.stage = stage
    opportunity.stage_entered_at = now
    opportunity.closed_on = timezone.localdate() if stage.kind != StageKind.OPEN else None
    save_versioned(
        opportunity,
        expected_version=opportunity.version if expected_version is None else expected_version,
        reason=_("Moved from %(old)s to %(new)s") % {"old": previous.name, "new": stage.name},
        changed_by=moved_by,
    )
    return opportunity
