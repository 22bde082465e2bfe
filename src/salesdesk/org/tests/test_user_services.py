"""Writes to people: creating them, moving them in the reporting line, changing their roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.org.choices import Role
from salesdesk.org.models import RoleGrant, User
from salesdesk.org.selectors import reporting_line
from salesdesk.org.services import user_create, user_set_manager, user_set_roles
from salesdesk.testing.factories import make_user


def _create(**overrides: object) -> User:
    arguments: dict[str, object] = {
        "username": "anna",
        "email": "anna@example.test",
        "password": "a long and unusual passphrase",
        "roles": [Role.SALES_REP],
    }
    arguments.update(overrides)
    return user_create(**arguments)  # type: ignore[arg-type]


def test_user_create_places_the_person_and_grants_roles(personas: Personas) -> None:
    anna = _create(manager=personas.manager, roles=[Role.SALES_REP, Role.FINANCE], created_by=personas.admin)

    assert anna.business_unit == personas.unit  # taken from the manager
    assert anna.reporting_path == f"/{personas.manager.pk}/{anna.pk}/"
    assert anna.check_password("a long and unusual passphrase")
    assert set(RoleGrant.objects.filter(user=anna).values_list("role", flat=True)) == {"rep", "finance"}
    event = AuditEvent.objects.get(verb="user.created", object_id=str(anna.pk))
    assert (event.actor, event.object_id, event.changes) == (
        personas.admin,
        str(anna.pk),
        {"roles": ["rep", "finance"]},
    )


@pytest.mark.django_db
def test_user_create_refuses_an_unknown_role() -> None:
    with pytest.raises(ValidationError) as caught:
        _create(roles=[Role.SALES_REP, "boss"])

    assert caught.value.message_dict == {
        "roles": ["Unknown role: boss. Choose from admin, coordinator, department, finance, manager, rep."]
    }
    assert not User.objects.exists()


@pytest.mark.django_db
def test_user_create_refuses_a_username_taken_in_another_case() -> None:
    _create(username="Anna")

    with pytest.raises(ValidationError) as caught:
        _create(username="anna", email="other@example.test")

    assert caught.value.message_dict == {"username": ["The username anna is taken."]}
    assert list(User.objects.values_list("username", flat=True)) == ["Anna"]


@pytest.mark.django_db
def test_user_create_refuses_a_weak_password_naming_the_password_field() -> None:
    with pytest.raises(ValidationError) as caught:
        _create(password="password")

    assert caught.value.message_dict == {
        "password": [
            "This password is too short. It must contain at least 10 characters.",
            "This password is too common.",
        ]
    }
    assert not User.objects.exists()


@pytest.mark.django_db
def test_user_create_refuses_a_password_like_the_username() -> None:
    with pytest.raises(ValidationError) as caught:
        _create(username="margherita.rossi", password="margherita.rossi1")

    assert caught.value.message_dict == {"password": ["The password is too similar to the username."]}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_user_create_without_a_password_makes_it_unusable() -> None:
    anna = _create(password=None)

    assert not anna.has_usable_password()


def test_user_set_manager_rewrites_the_paths_of_the_whole_subtree(personas: Personas) -> None:
    # given manager → rep → junior → trainee, and a second manager
    junior = make_user("junior", roles=[Role.SALES_REP], business_unit=personas.unit, manager=personas.rep)
    trainee = make_user("trainee", roles=[Role.SALES_REP], business_unit=personas.unit, manager=junior)
    second = make_user("second", roles=[Role.MANAGER], business_unit=personas.unit)

    # when the rep moves under the second manager
    user_set_manager(user=personas.rep, manager=second, changed_by=personas.admin)

    # then the rep and everyone below them follow; the other rep stays
    paths = dict(User.objects.values_list("username", "reporting_path"))
    m, s, r, j, t = (u.pk for u in (personas.manager, second, personas.rep, junior, trainee))
    assert paths["rep"] == f"/{s}/{r}/"
    assert paths["junior"] == f"/{s}/{r}/{j}/"
    assert paths["trainee"] == f"/{s}/{r}/{j}/{t}/"
    assert paths["other_rep"] == f"/{m}/{personas.other_rep.pk}/"
    assert set(reporting_line(manager=second)) == {personas.rep, junior, trainee}
    assert set(reporting_line(manager=personas.manager)) == {personas.other_rep}
    event = AuditEvent.objects.get(verb="user.manager_changed")
    assert (event.actor, event.changes) == (personas.admin, {"manager": ["manager", "second"]})


def test_user_set_manager_to_nobody_makes_the_person_a_top_of_line(personas: Personas) -> None:
    user_set_manager(user=personas.rep, manager=None, changed_by=personas.admin)

    personas.rep.refresh_from_db()
    assert (personas.rep.manager, personas.rep.reporting_path) == (None, f"/{personas.rep.pk}/")


def test_user_set_manager_refuses_a_loop(personas: Personas) -> None:
    # given manager → rep → junior
    junior = make_user("junior", roles=[Role.SALES_REP], business_unit=personas.unit, manager=personas.rep)
    before = dict(User.objects.values_list("username", "reporting_path"))

    # when the manager would report to the junior
    with pytest.raises(ValidationError) as caught:
        user_set_manager(user=personas.manager, manager=junior, changed_by=personas.admin)

    # then it is refused and nothing moved
    assert caught.value.message_dict == {
        "manager": ["junior reports to manager, so cannot be their manager."]
    }
    assert dict(User.objects.values_list("username", "reporting_path")) == before
    assert not AuditEvent.objects.filter(verb="user.manager_changed").exists()


def test_user_set_manager_refuses_oneself(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        user_set_manager(user=personas.rep, manager=personas.rep, changed_by=personas.admin)

    assert caught.value.message_dict == {"manager": ["rep reports to rep, so cannot be their manager."]}


def test_user_set_roles_changes_the_grants_and_writes_an_audit_event(personas: Personas) -> None:
    rep = personas.rep
    assert rep.roles == frozenset({"rep"})

    user_set_roles(user=rep, roles=[Role.COORDINATOR, Role.SALES_REP], changed_by=personas.admin)

    assert rep.roles == frozenset({"rep", "coordinator"})
    event = AuditEvent.objects.get(verb="user.roles_changed")
    assert (event.actor, event.object_id, event.object_repr) == (personas.admin, str(rep.pk), "rep")
    assert event.changes == {"roles": [["rep"], ["coordinator", "rep"]]}


def test_user_set_roles_can_remove_a_role(personas: Personas) -> None:
    user_set_roles(user=personas.coordinator, roles=[Role.SALES_REP], changed_by=personas.admin)

    assert list(RoleGrant.objects.filter(user=personas.coordinator).values_list("role", flat=True)) == ["rep"]
    assert AuditEvent.objects.get(verb="user.roles_changed").changes == {"roles": [["coordinator"], ["rep"]]}


def test_user_set_roles_refuses_an_unknown_role_and_keeps_the_old_ones(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        user_set_roles(user=personas.rep, roles=["superuser"], changed_by=personas.admin)

    assert list(caught.value.message_dict) == ["roles"]
    assert list(RoleGrant.objects.filter(user=personas.rep).values_list("role", flat=True)) == ["rep"]
    assert not AuditEvent.objects.filter(verb="user.roles_changed").exists()
