"""The demo customer base, prospecting funnel and pipeline (issue 3), loaded at the small scale."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import phonenumbers
import pytest
from django.db import transaction

from salesdesk.customers.choices import (
    ActivityStatus,
    CadenceKind,
    ContactPointKind,
    DuplicateStatus,
    HygieneStatus,
)
from salesdesk.customers.models import Account, Activity, CadenceRule, Contact, ContactPoint, DuplicatePair
from salesdesk.customers.normalize import display_name, domain_of, normalize_email, normalize_vat_id
from salesdesk.demo.customers import CUSTOMER_LOADERS
from salesdesk.demo.services import DEMO_LOADERS, demo_load
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity, Stage, StageChange
from salesdesk.prospects.choices import ProspectSource, ProspectStatus
from salesdesk.prospects.models import Answer, Prospect

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo, loaded once for this module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(scale="small", seed=42)
        yield
        transaction.set_rollback(True)


def test_it_registers_one_progress_step_per_customer_loader() -> None:
    # given the demo command's loaders / then the five customer-base loaders run one after another, in order
    start = DEMO_LOADERS.index(CUSTOMER_LOADERS[0])
    assert DEMO_LOADERS[start : start + len(CUSTOMER_LOADERS)] == CUSTOMER_LOADERS
    assert [loader.__name__ for loader in CUSTOMER_LOADERS] == [
        "demo_accounts",
        "demo_contacts",
        "demo_prospects",
        "demo_pipeline",
        "demo_activities",
    ]


def test_it_loads_the_small_customer_base_at_the_promised_sizes(demo: None) -> None:
    # given the small demo / then the sizes are those of the issue (≈60, ≈150, ≈400, ≈80)
    assert Account.objects.count() == 64
    assert Contact.objects.count() == 162
    assert Prospect.objects.count() == 420
    assert Opportunity.objects.count() == 80


def test_it_writes_accounts_in_five_languages_with_their_legal_forms(demo: None) -> None:
    # given the small demo / then each country's companies carry its legal forms and script
    names = dict(Account.objects.values_list("name", "country"))
    by_country = Counter(names.values())
    assert set(by_country) == {"DE", "IT", "CN", "BG", "GB", "US"}
    assert any(name.endswith("GmbH") for name, country in names.items() if country == "DE")
    assert any(name.endswith(("S.r.l.", "S.p.A.")) for name, country in names.items() if country == "IT")
    assert any(name.endswith("有限公司") for name, country in names.items() if country == "CN")
    assert any(name.endswith(("ООД", "ЕООД", "АД")) for name, country in names.items() if country == "BG")
    assert any(name.endswith("Ltd") for name, country in names.items() if country == "GB")
    assert any(name.endswith("Inc.") for name, country in names.items() if country == "US")
    cities = set(ContactPoint.objects.filter(kind=ContactPointKind.POSTAL).values_list("city", flat=True))
    assert {"上海市", "София"} <= cities or {"深圳市", "Пловдив"} <= cities or {"北京市", "Варна"} <= cities
    assert Account.objects.filter(parent__isnull=False).count() >= 3
    assert Account.objects.filter(segments__isnull=False).distinct().count() >= 20


def test_it_fills_every_derived_column(demo: None) -> None:
    # given the small demo / then domain, normalised VAT id, full names and normalised details are set
    for account in Account.objects.all():
        assert account.domain == domain_of(account.website)
        assert account.vat_id_normalized == normalize_vat_id(account.vat_id)
    for contact in Contact.objects.all():
        assert (
            contact.full_name == display_name(contact.first_name, contact.last_name) or not contact.first_name
        )
    for point in ContactPoint.objects.filter(kind=ContactPointKind.EMAIL):
        assert point.normalized == normalize_email(point.value)


def test_every_phone_number_is_valid_for_its_country(demo: None) -> None:
    # given the small demo / then every phone parses as a valid number (no made-up digit counts)
    numbers = ContactPoint.objects.filter(kind=ContactPointKind.PHONE).values_list("normalized", flat=True)
    assert numbers
    for number in numbers:
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
    prospect_phones = Prospect.objects.values_list("phone", flat=True)[:100]
    for written in prospect_phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(written)), written


def test_chinese_and_bulgarian_contacts_are_written_in_their_scripts(demo: None) -> None:
    # given the small demo / then Chinese names have the family name first and no space
    chinese = Contact.objects.filter(country="CN").first()
    assert chinese is not None
    assert chinese.full_name == f"{chinese.last_name}{chinese.first_name}"
    bulgarian = Contact.objects.filter(country="BG").first()
    assert bulgarian is not None
    assert all("\u0400" <= char <= "\u04ff" for char in bulgarian.full_name.replace(" ", ""))


def test_a_few_addresses_are_broken_for_the_hygiene_queue(demo: None) -> None:
    # given the small demo / then some e-mails bounced, some phones are disconnected, a letter came back
    statuses = Counter(ContactPoint.objects.values_list("status", flat=True))
    assert statuses[HygieneStatus.BOUNCED] == 5
    assert statuses[HygieneStatus.DISCONNECTED] == 3
    assert statuses[HygieneStatus.UNDELIVERABLE] == 1
    bounced = ContactPoint.objects.filter(status=HygieneStatus.BOUNCED).first()
    assert bounced is not None
    assert bounced.status_reason.startswith("55")
    assert bounced.status_changed_at is not None


def test_near_duplicate_accounts_share_a_vat_id_or_a_domain(demo: None) -> None:
    # given the small demo / then five accounts look like another: same VAT id or domain, other name
    look_alikes = Account.objects.filter(notes="Imported from the trade fair list")
    assert look_alikes.count() == 5
    for account in look_alikes:
        twin = Account.objects.exclude(pk=account.pk).filter(
            vat_id_normalized=account.vat_id_normalized or "-", country=account.country
        ) | Account.objects.exclude(pk=account.pk).filter(domain=account.domain or "-")
        assert twin.exists(), account.name
        assert twin.first().name != account.name  # type: ignore[union-attr]


def test_the_look_alikes_wait_in_the_duplicate_review(demo: None) -> None:
    # given the small demo / then each look-alike account is one side of an open duplicate pair
    pairs = DuplicatePair.objects.filter(entity="account", status=DuplicateStatus.OPEN)
    sides = set(pairs.values_list("first_id", flat=True)) | set(pairs.values_list("second_id", flat=True))
    look_alikes = set(
        Account.objects.filter(notes="Imported from the trade fair list").values_list("pk", flat=True)
    )
    assert look_alikes <= sides


def test_the_funnel_shows_the_waste_with_every_source_and_every_state(demo: None) -> None:
    # given the small demo / then ~400 attempted → 40 reached → 12 qualified → 8 teed up → 4 converted
    prospects = Prospect.objects.all()
    assert prospects.filter(attempted_at__isnull=False).count() == 400
    assert prospects.filter(reached_at__isnull=False).count() == 40
    assert prospects.filter(qualified_at__isnull=False).count() == 12
    assert prospects.filter(teed_up_at__isnull=False).count() == 8
    assert prospects.filter(converted_at__isnull=False).count() == 4
    assert set(prospects.values_list("status", flat=True)) == set(ProspectStatus.values)
    assert set(prospects.values_list("source", flat=True)) == set(ProspectSource.values)
    for prospect in prospects.filter(teed_up_at__isnull=False):
        assert prospect.attempted_at <= prospect.reached_at <= prospect.qualified_at <= prospect.teed_up_at
        assert prospect.teed_up_by.username == "giulia.rossi"  # type: ignore[union-attr]
        assert prospect.assigned_rep is not None


def test_qualified_prospects_answered_the_questionnaire_with_a_qualifying_score(demo: None) -> None:
    # given the small demo / then every qualified prospect has answers scoring at least the threshold
    for prospect in Prospect.objects.filter(qualified_at__isnull=False).select_related("questionnaire"):
        assert prospect.questionnaire is not None
        assert prospect.score is not None
        assert prospect.score >= prospect.questionnaire.qualifying_score
        assert Answer.objects.filter(prospect=prospect).count() >= 4
    assert prospect.questionnaire.questions.count() == 5  # type: ignore[union-attr]


def test_every_converted_prospect_has_its_three_records_teed_up_by_the_coordinator(demo: None) -> None:
    # given the small demo / then account, contact and opportunity exist and carry teed_up_by (A4)
    converted = Prospect.objects.filter(status=ProspectStatus.CONVERTED)
    assert converted.count() == 4
    for prospect in converted:
        account, contact = prospect.converted_account, prospect.converted_contact
        opportunity = prospect.converted_opportunity
        assert account is not None
        assert contact is not None
        assert opportunity is not None
        assert account.name == prospect.company_name
        assert contact.account_id == account.pk
        assert opportunity.account_id == account.pk
        assert account.teed_up_by.username == "giulia.rossi"  # type: ignore[union-attr]
        assert opportunity.teed_up_by.username == "giulia.rossi"  # type: ignore[union-attr]
        assert account.owner_id == prospect.assigned_rep_id == opportunity.owner_id


def test_opportunities_fill_every_stage_in_four_currencies_with_their_history(demo: None) -> None:
    # given the small demo / then every stage has deals, in EUR, USD, CNY and BGN, each with an account
    assert set(Opportunity.objects.values_list("stage__name", flat=True)) == set(
        Stage.objects.values_list("name", flat=True)
    )
    assert {"EUR", "USD", "CNY", "BGN"} <= set(Opportunity.objects.values_list("currency", flat=True))
    assert not Opportunity.objects.filter(account__isnull=True).exists()
    for opportunity in Opportunity.objects.select_related("stage").prefetch_related("stage_changes"):
        changes = list(opportunity.stage_changes.all())
        assert changes[0].from_stage_id is None
        assert changes[-1].to_stage_id == opportunity.stage_id
        assert changes[-1].changed_at == opportunity.stage_entered_at
        assert opportunity.amount > 0
        assert sum(line.unit_price * line.quantity for line in opportunity.lines.all()) == opportunity.amount
        if opportunity.stage.kind == StageKind.LOST:
            assert opportunity.loss_reason is not None
            assert opportunity.competitors.exists()
        if opportunity.stage.kind == StageKind.OPEN:
            assert opportunity.closed_on is None
        else:
            assert opportunity.closed_on is not None
    assert StageChange.objects.filter(seconds_in_previous__gt=0).count() > 80


def test_activities_are_done_and_planned_and_cadences_cover_the_three_kinds(demo: None) -> None:
    # given the small demo / then there are done calls with outcomes, planned calls, gifts and dinners
    activities = Activity.objects.all()
    assert activities.filter(kind="call", status=ActivityStatus.DONE).exclude(outcome="").exists()
    assert activities.filter(kind="call", status=ActivityStatus.PLANNED, planned_for__isnull=False).exists()
    assert {"meeting", "visit", "gift", "dinner", "email", "note"} <= set(
        activities.values_list("kind", flat=True)
    )
    kinds = set(CadenceRule.objects.values_list("kind", flat=True))
    assert {CadenceKind.HOLIDAY_GREETING, CadenceKind.PERIODIC_CALL, CadenceKind.YEARLY_DINNER} <= kinds
    periodic = CadenceRule.objects.get(kind=CadenceKind.PERIODIC_CALL)
    assert periodic.interval_days == 30
    assert periodic.activities.exists()


def test_bulk_created_records_have_their_first_history_version(demo: None) -> None:
    # given the small demo / then prospects and opportunities (bulk-created) each have a first version
    for model in (Prospect, Opportunity):
        without = model.objects.exclude(pk__in=model.history.values("id"))  # type: ignore[attr-defined]
        assert not without.exists(), model.__name__
    prospect = Prospect.objects.filter(converted_at__isnull=False).first()
    assert prospect is not None
    first = prospect.history.earliest("history_date")  # type: ignore[attr-defined]
    assert first.history_user.username == "giulia.rossi"
    assert first.history_date == prospect.created_at
