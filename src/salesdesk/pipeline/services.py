"""Writes to opportunities and pipelines. One transaction each, validated first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from salesdesk.core.money import is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import BusinessUnit, User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import (
    Competitor,
    LossReason,
    Opportunity,
    OpportunityLine,
    Pipeline,
    Stage,
    StageChange,
)

DEFAULT_STAGES = [
    # (name, probability %, kind). The names are stored in English and shown translated (Stage.label);
    # stages a company names itself are shown as written.
    (gettext_noop("Qualification"), 10, StageKind.OPEN),
    (gettext_noop("Needs analysis"), 25, StageKind.OPEN),
    (gettext_noop("Proposal"), 50, StageKind.OPEN),
    (gettext_noop("Negotiation"), 75, StageKind.OPEN),
    (gettext_noop("Won"), 100, StageKind.WON),
    (gettext_noop("Lost"), 0, StageKind.LOST),
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
    probability = fields.get("probability")
    if probability is not None and not 0 <= probability <= 100:
        errors.setdefault("probability", []).append(_("Give a probability between 0 and 100."))
    if contact is not None and contact.account_id != account.pk:
        errors.setdefault("contact", []).append(_("Choose a contact of the opportunity's account."))
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
    *,
    opportunity: Opportunity,
    stage: Stage,
    moved_by: User,
    expected_version: int | None = None,
    loss_reason: LossReason | None = None,
    loss_note: str = "",
) -> Opportunity:
    """Move a deal to another stage of its pipeline, recording how long it sat in the previous one.

    A move to a lost stage needs a loss reason; a move to any other stage clears the loss fields.
    Won and lost stages set `closed_on` to today, open stages clear it.
    """
    if stage.pipeline_id != opportunity.pipeline_id:
        raise ValidationError({"stage": _("Choose a stage of the opportunity's pipeline.")})
    if stage.kind == StageKind.LOST and loss_reason is None:
        raise ValidationError({"loss_reason": _("Say why the opportunity was lost.")})
    if stage.pk == opportunity.stage_id:
        return opportunity
    if stage.kind == StageKind.LOST:
        opportunity.loss_reason = loss_reason
        opportunity.loss_note = loss_note.strip()
    else:
        opportunity.loss_reason = None
        opportunity.loss_note = ""
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
        reason=_("Moved from %(old)s to %(new)s") % {"old": previous.label, "new": stage.label},
        changed_by=moved_by,
    )
    return opportunity


_EDITABLE_FIELDS = (
    "name",
    "account",
    "contact",
    "amount",
    "currency",
    "probability",
    "expected_close",
    "owner",
    "is_shared",
    "source",
    "notes",
)


def _validate(opportunity: Opportunity, *, acting: User) -> None:
    errors: dict[str, list[str]] = {}
    if not opportunity.name or not opportunity.name.strip():
        errors.setdefault("name", []).append(_("Give the opportunity a name."))
    account_id = opportunity.account_id
    if not account_id or not visible_to(acting, Account).filter(pk=account_id).exists():
        errors.setdefault("account", []).append(_("Choose an account you can see."))
    contact = opportunity.contact if opportunity.contact_id else None
    if contact is not None and contact.account_id != account_id:
        errors.setdefault("contact", []).append(_("Choose a contact of the opportunity's account."))
    if not is_currency(opportunity.currency or ""):
        errors.setdefault("currency", []).append(
            _("%(code)s is not a currency code.") % {"code": opportunity.currency}
        )
    if opportunity.amount is None or opportunity.amount < 0:
        errors.setdefault("amount", []).append(_("The amount cannot be negative."))
    if opportunity.probability is not None and not 0 <= opportunity.probability <= 100:
        errors.setdefault("probability", []).append(_("Give a probability between 0 and 100."))
    if opportunity.expected_close is None:
        errors.setdefault("expected_close", []).append(_("Give the expected close date."))
    owner = opportunity.owner if opportunity.owner_id else None
    if owner is None or not owner.is_active or not visible_to(acting, User).filter(pk=owner.pk).exists():
        errors.setdefault("owner", []).append(_("Choose an active person as owner."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Opportunity:
    """Change a deal's editable fields; refused whole if invalid or saved by someone since `expected_version`.

    Stages are changed with `opportunity_move`, `opportunity_win` and `opportunity_lose`, never here.
    """
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    for field, value in changes.items():
        setattr(opportunity, field, value.strip() if isinstance(value, str) and field == "name" else value)
    _validate(opportunity, acting=changed_by)
    save_versioned(
        opportunity, expected_version=expected_version, reason=reason or _("Edited"), changed_by=changed_by
    )
    return opportunity


def _closing_stage(opportunity: Opportunity, kind: str) -> Stage:
    stage = opportunity.pipeline.stages.filter(kind=kind).order_by("position").first()
    if stage is None:
        raise ValidationError({"stage": _("The pipeline has no stage for this outcome.")})
    return stage


@transaction.atomic
def opportunity_win(
    *, opportunity: Opportunity, won_by: User, expected_version: int | None = None
) -> Opportunity:
    """Move the deal to its pipeline's won stage; `closed_on` becomes today."""
    return opportunity_move(
        opportunity=opportunity,
        stage=_closing_stage(opportunity, StageKind.WON),
        moved_by=won_by,
        expected_version=expected_version,
    )


@transaction.atomic
def opportunity_lose(
    *,
    opportunity: Opportunity,
    lost_by: User,
    loss_reason: LossReason | None,
    loss_note: str = "",
    stage: Stage | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Move the deal to a lost stage (the pipeline's first unless told) with the reason it was lost."""
    stage = stage or _closing_stage(opportunity, StageKind.LOST)
    if stage.kind != StageKind.LOST:
        raise ValidationError({"stage": _("Choose a stage for lost opportunities.")})
    return opportunity_move(
        opportunity=opportunity,
        stage=stage,
        moved_by=lost_by,
        expected_version=expected_version,
        loss_reason=loss_reason,
        loss_note=loss_note,
    )


@transaction.atomic
def opportunity_competitors_set(
    *,
    opportunity: Opportunity,
    competitors: list[Competitor],
    changed_by: User,
    expected_version: int | None = None,
) -> Opportunity:
    """Replace the competitors named on the deal; bumps the version so concurrent edits notice."""
    opportunity.competitors.set(competitors)
    save_versioned(
        opportunity,
        expected_version=opportunity.version if expected_version is None else expected_version,
        reason=_("Competitors: %(names)s") % {"names": ", ".join(c.name for c in competitors) or "—"},
        changed_by=changed_by,
    )
    return opportunity


@transaction.atomic
def opportunity_lines_set(
    *,
    opportunity: Opportunity,
    lines: list[dict[str, Any]],
    changed_by: User,
    expected_version: int | None = None,
) -> list[OpportunityLine]:
    """Replace the products in the deal with `lines` ({"product", "quantity", "unit_price"} each).

    Every line is checked first; an error names the line (`lines.2.quantity`) and nothing is saved.
    """
    errors: dict[str, list[str]] = {}
    cleaned: list[OpportunityLine] = []
    for index, line in enumerate(lines):
        product = str(line.get("product", "")).strip()
        quantity = line.get("quantity")
        unit_price = line.get("unit_price")
        if not product:
            errors.setdefault(f"lines.{index}.product", []).append(_("Name the product."))
        if not isinstance(quantity, Decimal | int) or quantity <= 0:
            errors.setdefault(f"lines.{index}.quantity", []).append(_("The quantity must be more than zero."))
        if not isinstance(unit_price, Decimal | int) or unit_price < 0:
            errors.setdefault(f"lines.{index}.unit_price", []).append(_("The price cannot be negative."))
        if not errors:
            cleaned.append(
                OpportunityLine(
                    opportunity=opportunity,
                    product=product,
                    quantity=Decimal(quantity),  # type: ignore[arg-type]
                    unit_price=Decimal(unit_price),  # type: ignore[arg-type]
                )
            )
    if errors:
        raise ValidationError(errors)
    save_versioned(
        opportunity,
        expected_version=opportunity.version if expected_version is None else expected_version,
        reason=_("Products in the deal changed"),
        changed_by=changed_by,
    )
    opportunity.lines.all().delete()
    return OpportunityLine.objects.bulk_create(cleaned)
