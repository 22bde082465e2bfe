"""Changing the catalogue: products, categories, price lists, costs and implied deliverables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from salesdesk.catalog import services
from salesdesk.catalog.choices import DeliverableAction, ProductKind
from salesdesk.catalog.models import DeliverableTemplate, PriceList, PriceListItem, Product, ProductionCost
from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.choices import DepartmentKind
from salesdesk.testing.catalog_factories import ProductCategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_coordinator_creates_a_product_with_names_in_several_languages(personas: Personas) -> None:
    product = services.product_create(
        created_by=personas.coordinator,
        sku=" ADV-01 ",
        name="Print advert, full page",
        names={"de": "Anzeige, ganzseitig", "it": "Annuncio", "zh-hans": "整版广告", "bg": ""},
        kind=ProductKind.ADVERTISING,
        tax_rate=Decimal("22"),
    )

    assert product.business_unit == personas.unit
    assert product.sku == "ADV-01"
    assert product.names == {"de": "Anzeige, ganzseitig", "it": "Annuncio", "zh-hans": "整版广告"}
    assert product.label("de") == "Anzeige, ganzseitig"
    assert product.label("bg") == "Print advert, full page"
    assert AuditEvent.objects.filter(verb="product.create", object_id=str(product.pk)).exists()


def test_a_duplicate_article_number_in_the_unit_is_refused_and_nothing_is_saved(personas: Personas) -> None:
    services.product_create(created_by=personas.coordinator, sku="ADV-01", name="Advert")

    with pytest.raises(ValidationError) as exc:
        services.product_create(created_by=personas.admin, sku="adv-01", name="Another advert")

    assert "ADV-01" in _errors(exc)["sku"][0] or "adv-01" in _errors(exc)["sku"][0]
    assert Product.objects.count() == 1


def test_the_same_article_number_is_fine_in_another_business_unit(personas: Personas) -> None:
    ProductFactory(business_unit=personas.other_unit, sku="ADV-01")

    product = services.product_create(created_by=personas.coordinator, sku="ADV-01", name="Advert")

    assert product.pk is not None


def test_an_unknown_language_and_bad_tax_rate_are_named(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            created_by=personas.coordinator, sku="X", name="X", names={"xx": "?"}, tax_rate=Decimal(120)
        )

    assert set(_errors(exc)) == {"names", "tax_rate"}
    assert not Product.objects.exists()


def test_only_coordinators_and_admins_change_the_catalogue(personas: Personas) -> None:
    for person in (personas.rep, personas.manager, personas.finance, personas.design_staff):
        with pytest.raises(PermissionDenied):
            services.product_create(created_by=person, sku="X", name="X")
    assert not Product.objects.exists()


def test_updating_a_product_checks_its_version(personas: Personas) -> None:
    product = services.product_create(created_by=personas.coordinator, sku="A", name="Banner")

    services.product_update(
        product=product,
        changed_by=personas.admin,
        expected_version=1,
        name="Web banner",
        names={"de": "Banner"},
    )
    stale = Product.objects.get(pk=product.pk)
    stale.version = 1
    with pytest.raises(StaleRecordError):
        services.product_update(
            product=stale, changed_by=personas.coordinator, expected_version=1, name="Old"
        )

    product.refresh_from_db()
    assert (product.name, product.names, product.version) == ("Web banner", {"de": "Banner"}, 2)


def test_a_product_cannot_use_a_category_of_another_unit(personas: Personas) -> None:
    foreign = ProductCategoryFactory(business_unit=personas.other_unit)

    with pytest.raises(ValidationError) as exc:
        services.product_create(created_by=personas.coordinator, sku="A", name="A", category=foreign)

    assert list(_errors(exc)) == ["category"]


def test_categories_are_unique_by_name_and_never_inside_themselves(personas: Personas) -> None:
    print_media = services.category_create(
        created_by=personas.coordinator, name="Print", names={"de": "Druck"}
    )
    adverts = services.category_create(created_by=personas.coordinator, name="Adverts", parent=print_media)

    with pytest.raises(ValidationError) as duplicate:
        services.category_create(created_by=personas.coordinator, name="Print")
    with pytest.raises(ValidationError) as cycle:
        services.category_update(category=print_media, changed_by=personas.coordinator, parent=adverts)

    assert list(_errors(duplicate)) == ["name"]
    assert list(_errors(cycle)) == ["parent"]
    print_media.refresh_from_db()
    assert print_media.parent is None
    assert print_media.label("de") == "Druck"


def test_a_price_list_is_created_with_its_items(personas: Personas) -> None:
    advert = ProductFactory(business_unit=personas.unit)
    banner = ProductFactory(business_unit=personas.unit)

    price_list = services.price_list_create(
        created_by=personas.coordinator,
        name="Rate card 2025",
        currency="eur",
        valid_from=date(2025, 1, 1),
        valid_until=date(2025, 12, 31),
        items=[{"product": advert, "unit_price": Decimal("1200")}, {"product": banner, "unit_price": 300}],
    )

    assert price_list.currency == "EUR"
    assert dict(price_list.items.values_list("product__sku", "unit_price")) == {
        advert.sku: Decimal("1200"),
        banner.sku: Decimal("300"),
    }


def test_a_negative_price_is_refused_naming_the_line_and_nothing_is_saved(personas: Personas) -> None:
    advert = ProductFactory(business_unit=personas.unit)
    banner = ProductFactory(business_unit=personas.unit)

    with pytest.raises(ValidationError) as exc:
        services.price_list_create(
            created_by=personas.coordinator,
            name="Rate card",
            currency="EUR",
            valid_from=date(2025, 1, 1),
            items=[
                {"product": advert, "unit_price": Decimal(10)},
                {"product": banner, "unit_price": Decimal(-1)},
            ],
        )

    assert _errors(exc) == {"items.1.unit_price": ["A price cannot be negative."]}
    assert not PriceList.objects.exists()
    assert not PriceListItem.objects.exists()


def test_a_price_list_ending_before_it_starts_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.price_list_create(
            created_by=personas.coordinator,
            name="Backwards",
            currency="EUR",
            valid_from=date(2025, 6, 1),
            valid_until=date(2025, 5, 31),
        )

    assert _errors(exc) == {"valid_until": ["The list cannot end before it starts."]}
    assert not PriceList.objects.exists()


def test_setting_a_price_adds_or_changes_it_and_refuses_negative_ones(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    price_list = services.price_list_create(
        created_by=personas.coordinator, name="List", currency="EUR", valid_from=date(2025, 1, 1)
    )

    services.price_set(
        price_list=price_list, product=product, unit_price=Decimal(5), changed_by=personas.admin
    )
    services.price_set(
        price_list=price_list, product=product, unit_price=Decimal(7), changed_by=personas.admin
    )
    with pytest.raises(ValidationError) as exc:
        services.price_set(
            price_list=price_list, product=product, unit_price=Decimal("-0.01"), changed_by=personas.admin
        )

    assert list(_errors(exc)) == ["unit_price"]
    assert list(price_list.items.values_list("unit_price", flat=True)) == [Decimal(7)]


def test_updating_a_price_list_replaces_its_items_or_nothing(personas: Personas) -> None:
    old, new = ProductFactory(business_unit=personas.unit), ProductFactory(business_unit=personas.unit)
    price_list = services.price_list_create(
        created_by=personas.coordinator,
        name="List",
        currency="EUR",
        valid_from=date(2025, 1, 1),
        items=[{"product": old, "unit_price": Decimal(1)}],
    )

    with pytest.raises(ValidationError):
        services.price_list_update(
            price_list=price_list,
            changed_by=personas.coordinator,
            name="Renamed",
            items=[{"product": new, "unit_price": Decimal(-2)}],
        )
    price_list.refresh_from_db()
    assert price_list.name == "List"
    assert list(price_list.items.values_list("product", flat=True)) == [old.pk]

    services.price_list_update(
        price_list=price_list,
        changed_by=personas.coordinator,
        items=[{"product": new, "unit_price": Decimal(2)}],
    )
    assert list(price_list.items.values_list("product", flat=True)) == [new.pk]


def test_production_costs_per_period_may_not_overlap(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    services.production_cost_set(
        product=product,
        changed_by=personas.coordinator,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        unit_cost=Decimal("40"),
        currency="EUR",
    )

    with pytest.raises(ValidationError) as overlap:
        services.production_cost_set(
            product=product,
            changed_by=personas.coordinator,
            period_start=date(2024, 7, 1),
            period_end=date(2025, 6, 30),
            unit_cost=Decimal("42"),
            currency="EUR",
        )
    with pytest.raises(ValidationError) as backwards:
        services.production_cost_set(
            product=product,
            changed_by=personas.coordinator,
            period_start=date(2025, 2, 1),
            period_end=date(2025, 1, 1),
            unit_cost=Decimal("42"),
            currency="EUR",
        )
    # the same period again changes its cost
    services.production_cost_set(
        product=product,
        changed_by=personas.coordinator,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        unit_cost=Decimal("41"),
        currency="EUR",
    )

    assert "2024-01-01" in _errors(overlap)["period_start"][0]
    assert list(_errors(backwards)) == ["period_end"]
    assert list(ProductionCost.objects.values_list("unit_cost", flat=True)) == [Decimal("41")]


def test_implied_deliverables_are_added_in_order_updated_and_removed(personas: Personas) -> None:
    advert = ProductFactory(business_unit=personas.unit, kind=ProductKind.ADVERTISING)

    place = services.deliverable_add(
        product=advert,
        changed_by=personas.coordinator,
        department_kind=DepartmentKind.DESIGN,
        action=DeliverableAction.PLACE_IN_ISSUES,
        title="Place the advert in the booked issues",
    )
    banner = services.deliverable_add(
        product=advert,
        changed_by=personas.coordinator,
        department_kind=DepartmentKind.WEB,
        action=DeliverableAction.PUT_LIVE,
        title="Put the free banner live",
        due_offset_days=-3,
    )
    services.deliverable_update(
        deliverable=banner, changed_by=personas.admin, title="Banner live at the target URL"
    )
    services.deliverable_remove(deliverable=place, changed_by=personas.admin)

    assert [
        (d.department_kind, d.title, d.position, d.due_offset_days)
        for d in advert.deliverable_templates.all()
    ] == [(DepartmentKind.WEB, "Banner live at the target URL", 1, -3)]


def test_a_deliverable_without_a_department_is_a_clear_error(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)

    with pytest.raises(ValidationError) as exc:
        services.deliverable_add(
            product=product,
            changed_by=personas.coordinator,
            department_kind="",
            action=DeliverableAction.INVOICE_DISCOUNTED,
            title="Invoice the discounted stand",
        )

    assert _errors(exc) == {
        "department_kind": ["Say which department does this: a deliverable needs a department."]
    }
    assert not DeliverableTemplate.objects.exists()


def test_a_coordinator_cannot_touch_another_units_product(personas: Personas) -> None:
    foreign = ProductFactory(business_unit=personas.other_unit)

    with pytest.raises(PermissionDenied):
        services.product_update(
            product=foreign, changed_by=personas.coordinator, expected_version=1, name="Mine"
        )
