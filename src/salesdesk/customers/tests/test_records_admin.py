"""The admin site lists and opens accounts, contacts, activities and segments."""

from __future__ import annotations

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.models import Segment
from salesdesk.customers.services import account_create, activity_log, contact_create

pytestmark = pytest.mark.django_db


def test_the_admin_pages_of_the_records_open(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    contact = contact_create(
        created_by=personas.rep, full_name="王芳", account=account, emails=["w@example.cn"]
    )
    activity = activity_log(logged_by=personas.rep, kind="note", subject="Met at the fair", account=account)
    segment = Segment.objects.create(business_unit=personas.unit, name="Tier A")
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    client = Client()
    client.force_login(personas.admin)
    for path, text in [
        ("/admin/customers/account/", "Acme GmbH"),
        (f"/admin/customers/account/{account.pk}/change/", "Acme GmbH"),
        (f"/admin/customers/contact/{contact.pk}/change/", "w@example.cn"),
        (f"/admin/customers/activity/{activity.pk}/change/", "Met at the fair"),
        (f"/admin/customers/segment/{segment.pk}/change/", "Tier A"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path
