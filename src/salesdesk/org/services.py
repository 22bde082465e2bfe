"""Writes to people and organisation. Each function is one transaction and validates before saving."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.money import validate_currency
from salesdesk.org.choices import Role
from salesdesk.org.models import BusinessUnit, Department, JobTitle, RoleGrant, User, validate_time_zone


def _validate_roles(roles: Iterable[str]) -> list[str]:
    valid = set(Role.values)
    chosen = list(dict.fromkeys(roles))
    unknown = [role for role in chosen if role not in valid]
    if unknown:
        raise ValidationError(
            {
                "roles": _("Unknown role: %(roles)s. Choose from %(valid)s.")
                % {"roles": ", ".join(unknown), "valid": ", ".join(sorted(valid))}
            }
        )
    return chosen


def _path_for(user: User) -> str:
    parent = user.manager.reporting_path if user.manager_id and user.manager else "/"
    return f"{parent}{user.pk}/"


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    full_name: str = "",
    roles: Iterable[str] = (),
    business_unit: BusinessUnit | None = None,
    manager: User | None = None,
    job_title: JobTitle | None = None,
    departments: Iterable[Department] = (),
    hire_date: date | None = None,
    language: str = "en",
    time_zone: str = "Europe/Berlin",
    display_currency: str = "EUR",
    created_by: User | None = None,
    check_password: bool = True,
) -> User:
    """Create a person with their roles and place them in the reporting line."""
    chosen_roles = _validate_roles(roles)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The username %(name)s is taken.") % {"name": username}})
    user = User(
        # Administrators manage people and settings in the Django admin, which needs staff status.
        is_staff=Role.ADMIN in chosen_roles,
        is_superuser=Role.ADMIN in chosen_roles,
        username=username,
        email=email,
        full_name=full_name,
        business_unit=business_unit if business_unit is not None else getattr(manager, "business_unit", None),
        manager=manager,
        job_title=job_title,
        hire_date=hire_date,
        language=language,
        time_zone=time_zone,
        display_currency=display_currency,
    )
    if password is not None and check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.reporting_path = _path_for(user)
    user.save(update_fields=["reporting_path"])
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in chosen_roles])
    if departments:
        user.departments.set(departments)
    audit_record(actor=created_by, verb="user.created", target=user, changes={"roles": chosen_roles})
    return user


@transaction.atomic
def user_set_manager(*, user: User, manager: User | None, changed_by: User | None) -> User:
    """Move a person (and everyone below them) under a new manager; a loop in the line is refused."""
    if manager is not None and (
        manager.pk == user.pk or manager.reporting_path.startswith(user.reporting_path)
    ):
        raise ValidationError(
            {
                "manager": _("%(manager)s reports to %(user)s, so cannot be their manager.")
                % {"manager": manager, "user": user}
            }
        )
    old_path = user.reporting_path
    old_manager = user.manager
    user.manager = manager
    user.reporting_path = _path_for(user)
    user.save(update_fields=["manager", "reporting_path"])
    for member in (
        User.objects.select_for_update().filter(reporting_path__startswith=old_path).exclude(pk=user.pk)
    ):
        member.reporting_path = user.reporting_path + member.reporting_path[len(old_path) :]
        member.save(update_fields=["reporting_path"])
    audit_record(
        actor=changed_by,
        verb="user.manager_changed",
        target=user,
        changes={"manager": [str(old_manager or ""), str(manager or "")]},
    )
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[str], changed_by: User | None) -> User:
    chosen = set(_validate_roles(roles))
    before = set(user.role_grants.values_list("role", flat=True))
    RoleGrant.objects.filter(user=user).exclude(role__in=chosen).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in chosen - before])
    user.__dict__.pop("roles", None)
    audit_record(
        actor=changed_by,
        verb="user.roles_changed",
        target=user,
        changes={"roles": [sorted(before), sorted(chosen)]},
    )
    return user


def user_update_preferences(
    *,
    user: User,
    language: str,
    time_zone: str,
    display_currency: str,
    full_name: str,
    email: str,
    phone: str = "",
) -> User:
    """A person's own profile: how they are named and reached, and how Salesdesk speaks to them."""
    errors: dict[str, Any] = {}
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the offered languages.")
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        errors["time_zone"] = exc.messages
    try:
        validate_currency(display_currency)
    except ValidationError as exc:
        errors["display_currency"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.language = language
    user.time_zone = time_zone
    user.display_currency = display_currency
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "time_zone", "display_currency", "full_name", "email", "phone"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
