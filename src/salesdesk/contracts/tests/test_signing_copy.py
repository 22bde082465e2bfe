"""The PostgreSQL path of bulk signing (plain rows, COPY) writes exactly what the ORM path writes: the same
deliverables, billing entries, contract versions, history rows and audit events, skips the same contracts
with the same messages, and signs nothing twice. Each test signs two identical sets of drafts, one per
path, and compares every column but ids and creation times."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, models
from django.utils import timezone, translation

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.catalog.models import Product
from salesdesk.contracts import signing
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.contracts.services import ContractLineInput
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.core.models import AuditEvent
from salesdesk.orders.choices import BillingKind
from salesdesk.orders.models import BillingEntry
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import Department
from salesdesk.testing.catalog_factories import DeliverableTemplateFactory, ProductFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

# Written by the database or the clock, so never equal between two runs.
UNCOMPARED = {"id", "created_at", "updated_at", "at", "history_id", "history_date", "number"}


@dataclass
class Drafts:
    contracts: list[Contract]  # in the order they were made

    @property
    def ids(self) -> list[int]:
        return [contract.pk for contract in self.contracts]


@pytest.fixture
def make_drafts(seed: Seed, make_contract: MakeContract) -> Callable[[], Drafts]:
    """A realistic mix: every billing kind, issues as text and as dates, discounts, a free line, notes,
    fractional quantities, a currency without cents, a start in the past, translated product names;
    plus one draft without lines, one whose product needs a department the unit lacks, one already
    signed and one of another rep (which the signing rep may not see)."""
    today = timezone.localdate()
    Product.objects.filter(pk=seed.advert.pk).update(names={"de": "Druckanzeige"})
    brochure = ProductFactory(business_unit=seed.personas.unit, name="Brochures", tax_rate=Decimal("7.00"))
    DeliverableTemplateFactory(
        product=brochure, department_kind=DepartmentKind.DESIGN, action=DeliverableAction.PRODUCE,
        title="Lay out the brochure", due_offset_days=-21, position=0,
    )  # fmt: skip
    DeliverableTemplateFactory(
        product=brochure, department_kind=DepartmentKind.FAIRS,
        action=DeliverableAction.INVOICE_DISCOUNTED, title="Invoice the brochures", position=1,
    )  # fmt: skip
    # Its department closes after the drafts are made (see _close_production).
    printed = ProductFactory(business_unit=seed.personas.unit, name="Printed crates")
    Department.objects.create(business_unit=seed.personas.unit, kind=DepartmentKind.PRODUCTION, name="Print")
    DeliverableTemplateFactory(product=printed, department_kind=DepartmentKind.PRODUCTION, title="Print")

    def make() -> Drafts:
        seed.advert.refresh_from_db()
        made = [
            make_contract(),
            make_contract(
                start_on=today - timedelta(days=40),
                end_on=today + timedelta(days=400),
                lines=[
                    ContractLineInput(
                        product=seed.banner, quantity=Decimal("1.5"), unit_price=Decimal("333.33"),
                        billing=BillingKind.MONTHLY, target_url="https://example.com/spring",
                        description="Banner, spring", notes="Above the fold",
                    ),
                    ContractLineInput(
                        product=brochure, quantity=Decimal(3), unit_price=Decimal("99.99"),
                        discount_percent=Decimal("12.5"), billing=BillingKind.PER_ISSUE,
                    ),
                ],
            ),
            make_contract(
                currency="JPY",
                lines=[
                    ContractLineInput(product=seed.stand, quantity=Decimal(2), unit_price=Decimal(150000)),
                    ContractLineInput(
                        product=seed.advert, quantity=Decimal(3), unit_price=Decimal(20000),
                        billing=BillingKind.PER_ISSUE, issues=["2027/05", "Summer 2027", "2027/09"],
                    ),
                ],
            ),
            make_contract(
                lines=[ContractLineInput(product=printed, quantity=Decimal(1), unit_price=Decimal(10))]
            ),
            make_contract(),
            make_contract(signed=True),
            make_contract(owner=seed.personas.other_rep),
        ]  # fmt: skip
        # Issues typed as dates with labels, as the API stores them.
        ContractLine.objects.filter(contract=made[0], product=seed.advert).update(
            issues=[{"label": "Spring", "date": "2027-04-15"}, {"label": "May", "on": "2027/05"}]
        )
        made[4].lines.all().delete()
        return Drafts(made)

    return make


def _sign(drafts: Drafts, *, rep: Any, copy: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.setattr(signing, "can_copy", lambda: copy)
    skipped: list[str] = []
    with translation.override("de"):
        signed = signing.sign_contracts_bulk(
            contract_ids=drafts.ids, signed_by=rep, signed_on=timezone.localdate(), skipped=skipped
        )
    return signed, skipped


def _values(record: models.Model, positions: dict[tuple[str, int], int]) -> dict[str, Any]:
    """Every column of `record` but the uncompared ones; ids of the compared records become positions."""
    values: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        if field.name in UNCOMPARED:
            continue
        value = getattr(record, field.attname)
        if field.is_relation and field.related_model in (Contract, ContractLine):
            value = positions.get((field.related_model.__name__, value), value)
        values[field.name] = value
    return values


def _snapshot(drafts: Drafts) -> list[object]:
    """What signing left behind for `drafts`, independent of ids and numbers."""
    contracts = list(Contract.objects.filter(pk__in=drafts.ids).order_by("pk"))
    lines = list(ContractLine.objects.filter(contract_id__in=drafts.ids).order_by("contract_id", "position"))
    positions = {("Contract", c.pk): n for n, c in enumerate(contracts)}
    positions |= {("ContractLine", line.pk): n for n, line in enumerate(lines)}
    numbers = {c.number: f"#{n}" for n, c in enumerate(contracts)}

    def renumbered(text: str) -> str:
        for number, position in numbers.items():
            text = text.replace(number, position)
        return text

    ids = drafts.ids
    history = Contract.history.model.objects.filter(id__in=ids).order_by("id", "history_id")
    audit = AuditEvent.objects.filter(verb="contract.signed", object_id__in=[str(pk) for pk in ids])
    return [
        [
            _values(c, positions) | {"updated_at": c.updated_at == c.history.first().history_date}
            for c in contracts
        ],
        # By contract: chunks signed at the same time on two connections interleave their ids.
        [
            _values(d, positions)
            for d in Deliverable.objects.filter(contract_id__in=ids).order_by("contract_id", "pk")
        ],
        [
            _values(e, positions)
            for e in BillingEntry.objects.filter(contract_id__in=ids).order_by("contract_id", "pk")
        ],
        [_values(h, positions) | {"id": positions[("Contract", h.id)]} for h in history],
        [
            _values(a, positions)
            | {
                "object_id": positions[("Contract", int(a.object_id))],
                "object_repr": renumbered(a.object_repr),
            }
            for a in sorted(audit, key=lambda a: (positions[("Contract", int(a.object_id))], a.pk))
        ],
    ]


def test_the_copy_path_writes_what_the_orm_path_writes(
    seed: Seed, make_drafts: Callable[[], Drafts], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two identical sets of drafts, signed in chunks of two, in German
    monkeypatch.setattr(signing, "CHUNK_SIZE", 2)
    by_orm, by_copy = make_drafts(), make_drafts()
    _close_production()
    rep = seed.personas.rep

    orm_signed, orm_skipped = _sign(by_orm, rep=rep, copy=False, monkeypatch=monkeypatch)
    copy_signed, copy_skipped = _sign(by_copy, rep=rep, copy=True, monkeypatch=monkeypatch)

    assert (orm_signed, copy_signed) == (3, 3)
    assert _snapshot(by_copy) == _snapshot(by_orm)
    assert [_renumber(m, by_orm) for m in orm_skipped] == [_renumber(m, by_copy) for m in copy_skipped]
    assert [_renumber(m, by_copy) for m in copy_skipped] == [
        "#3: Position 1: Printed crates erfordert Arbeit einer Abteilung Produktion, die North nicht hat. "
        "Fügen Sie diese Abteilung hinzu oder wählen Sie ein anderes Produkt.",
        "#4 hat keine Positionen.",
    ]
    contracts, deliverables, entries, history, audit = _snapshot(by_copy)
    assert [(c["status"], c["version"]) for c in contracts] == [
        ("signed", 2), ("signed", 2), ("signed", 2), ("draft", 1), ("draft", 1), ("signed", 2), ("draft", 1),
    ]  # fmt: skip
    # Signed now: the contract's updated_at is the date of its "Signed" history row.
    assert [c["updated_at"] for c in contracts[:3]] == [True, True, True]
    # 3 of the contract signed before, 3 + 3 + 2 of the three signed in bulk
    assert len(deliverables) == 11
    assert deliverables[0]["detail"].startswith("Druckanzeige\nMenge: 2\n")
    assert len(entries) == 31
    assert [(h["id"], h["history_type"], h["history_change_reason"]) for h in history if h["id"] < 3] == [
        (0, "+", "Drafted"), (0, "~", "Unterzeichnet"), (1, "+", "Drafted"), (1, "~", "Unterzeichnet"),
        (2, "+", "Drafted"), (2, "~", "Unterzeichnet"),
    ]  # fmt: skip
    assert [(a["object_id"], a["changes"]) for a in audit if a["changes"].get("bulk")] == [
        (n, {"signed_on": timezone.localdate().isoformat(), "bulk": True}) for n in range(3)
    ]


@pytest.mark.django_db(transaction=True)
def test_chunks_signed_on_several_connections_write_what_one_connection_writes(
    seed: Seed, make_drafts: Callable[[], Drafts], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside a transaction (as in the signing job) the COPY path signs chunks on connections of its own.
    monkeypatch.setattr(signing, "CHUNK_SIZE", 2)
    threads: set[str] = set()
    sign_chunk = signing.signing_copy.sign_chunk

    def sign_chunk_recording_thread(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.current_thread().name)
        return sign_chunk(*args, **kwargs)

    monkeypatch.setattr(signing.signing_copy, "sign_chunk", sign_chunk_recording_thread)
    by_orm, in_parallel = make_drafts(), make_drafts()
    _close_production()
    rep = seed.personas.rep

    orm_signed, orm_skipped = _sign(by_orm, rep=rep, copy=False, monkeypatch=monkeypatch)
    parallel_signed, parallel_skipped = _sign(in_parallel, rep=rep, copy=True, monkeypatch=monkeypatch)

    assert len(threads) == signing.SIGNING_CONNECTIONS
    assert all(name.startswith("signing") for name in threads)
    assert orm_signed == parallel_signed == 3
    # The same rows, in German (each thread writes in the caller's language), skips in the chunks' order
    assert _snapshot(in_parallel) == _snapshot(by_orm)
    expected = [_renumber(m, by_orm) for m in orm_skipped]
    assert [_renumber(m, in_parallel) for m in parallel_skipped] == expected
    assert "hat keine Positionen" in parallel_skipped[-1]


def test_running_it_again_signs_nothing_twice_on_either_path(
    seed: Seed, make_drafts: Callable[[], Drafts], monkeypatch: pytest.MonkeyPatch
) -> None:
    by_orm, by_copy = make_drafts(), make_drafts()
    _close_production()
    rep = seed.personas.rep
    _sign(by_orm, rep=rep, copy=False, monkeypatch=monkeypatch)
    _sign(by_copy, rep=rep, copy=True, monkeypatch=monkeypatch)
    before = _snapshot(by_copy)

    # Each set again through the other path: a retried job after the other kind of worker ran it
    again_orm = _sign(by_copy, rep=rep, copy=False, monkeypatch=monkeypatch)
    again_copy = _sign(by_orm, rep=rep, copy=True, monkeypatch=monkeypatch)

    assert again_orm[0] == again_copy[0] == 0
    # The two that could not be signed are still waiting, for the same reasons.
    assert [_renumber(m, by_copy) for m in again_orm[1]] == [_renumber(m, by_orm) for m in again_copy[1]]
    assert len(again_copy[1]) == 2
    assert _snapshot(by_copy) == before == _snapshot(by_orm)


def _close_production() -> None:
    Department.objects.filter(kind=DepartmentKind.PRODUCTION).delete()


def _renumber(message: str, drafts: Drafts) -> str:
    for n, contract in enumerate(drafts.contracts):
        message = message.replace(contract.number, f"#{n}")
    return message
