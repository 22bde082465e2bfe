"""`salesdesk createuser`: add a person with roles from the command line."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from salesdesk.org.choices import Role
from salesdesk.org.models import BusinessUnit, User
from salesdesk.org.services import user_create


class Command(BaseCommand):
    help = "Create a person with one or more roles (asks for the password unless --no-password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--role", action="append", choices=Role.values, required=True, dest="roles")
        parser.add_argument("--business-unit", help="code of the business unit (created if new)")
        parser.add_argument("--manager", help="username of the person they report to")
        parser.add_argument("--language", default="en")
        parser.add_argument("--time-zone", default="Europe/Berlin")
        parser.add_argument("--currency", default="EUR")
        parser.add_argument("--no-password", action="store_true", help="they set it through password reset")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options["business_unit"]:
            code = options["business_unit"]
            unit, created = BusinessUnit.objects.get_or_create(code=code, defaults={"name": code})
            if created:
                self.stdout.write(f"Created business unit {code!r}; rename it in the admin.")
        manager = None
        if options["manager"]:
            manager = User.objects.filter(username=options["manager"]).first()
            if manager is None:
                raise CommandError(f"No user named {options['manager']!r} to report to.")
        password = None
        if not options["no_password"]:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            user = user_create(
                username=options["username"],
                email=options["email"],
                password=password,
                full_name=options["full_name"],
                roles=options["roles"],
                business_unit=unit,
                manager=manager,
                language=options["language"],
                time_zone=options["time_zone"],
                display_currency=options["currency"],
            )
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
            raise CommandError(problems) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({', '.join(options['roles'])})."))
