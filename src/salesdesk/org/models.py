from __future__ import annotations

import zoneinfo
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from salesdesk.core.models import CurrencyField, TimeStampedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.org.choices import DepartmentKind, Role


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class BusinessUnit(TimeStampedModel):
    """A part of the company with its own customers and staff; coordinators and admins see one unit."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="departments")
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("queue e-mail"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["business_unit", "kind"], name="department_one_kind_per_unit")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The department's name in the reader's language when it is still its kind's default name."""
        return gettext(self.name)


class Territory(TimeStampedModel):
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="territories")
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40)
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("ISO 3166 codes"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["business_unit", "code"], name="territory_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class JobTitle(TimeStampedModel):
    """Reps are compared with peers who hold the same job title."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)

    class Meta:
        verbose_name = _("job title")
        verbose_name_plural = _("job titles")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class SalesdeskUserManager(UserManager["User"]):
    def get_queryset(self) -> ScopedQuerySet[User]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, user: User) -> models.QuerySet[User]:
        return self.get_queryset().visible_to(user)


class User(AbstractUser):
    full_name = models.CharField(
        _("full name"), max_length=300, blank=True, help_text=_("As the person writes it, in any script.")
    )
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
    )
    # "/<top manager id>/.../<own id>/": a manager's reporting line is every path that starts with theirs.
    reporting_path = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    job_title = models.ForeignKey(
        JobTitle, verbose_name=_("job title"), null=True, blank=True, on_delete=models.SET_NULL
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    display_currency = CurrencyField(_("display currency"), default="EUR")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="members"
    )
    teams: models.ManyToManyField[Team, Any] = models.ManyToManyField(
        "Team", verbose_name=_("teams"), blank=True, related_name="members"
    )
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territories"), blank=True, related_name="members"
    )

    objects: ClassVar[SalesdeskUserManager] = SalesdeskUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    @cached_property
    def department_ids(self) -> frozenset[int]:
        return frozenset(self.departments.values_list("pk", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class RoleGrant(TimeStampedModel):
    """One role held by one person; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class Team(TimeStampedModel):
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="teams")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        User, verbose_name=_("team lead"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["business_unit", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name
