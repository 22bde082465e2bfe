"""A department's name: its kind's default name reads in the reader's language, a custom name as written."""

from __future__ import annotations

import pytest
from django.utils import translation

from salesdesk.conftest import Personas
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import Department

pytestmark = pytest.mark.django_db


def test_a_default_department_name_is_translated_and_a_custom_one_is_not(personas: Personas) -> None:
    unit = personas.design.business_unit
    fairs = Department.objects.create(business_unit=unit, kind=DepartmentKind.FAIRS, name="Trade fairs")
    service = Department.objects.create(
        business_unit=unit, kind=DepartmentKind.CUSTOMER_SERVICE, name="Kundendienst Nord"
    )
    with translation.override("de"):
        assert (fairs.label, str(fairs)) == ("Messen", "Messen")
        assert service.label == "Kundendienst Nord"
    with translation.override("zh-hans"):
        assert fairs.label != "Trade fairs"
    assert fairs.label == "Trade fairs"
