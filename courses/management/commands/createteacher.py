"""Create a teacher account: staff, in the `Teachers` group, able to edit courses and nothing else."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

TEACHERS_GROUP = "Teachers"
PASSWORD_ENV = "KANADE_TEACHER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a teacher (staff user in the Teachers group). The password comes from --password, "
        f"else ${PASSWORD_ENV}, else an interactive prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The teacher's e-mail address (optional).")
        parser.add_argument(
            "--password", default=None, help=f"Prefer ${PASSWORD_ENV} or the prompt."
        )

    def handle(self, *args, username: str, email: str, password: str | None, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named '{username}' already exists.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"'{email}' is not a valid e-mail address.") from None
        try:
            group = Group.objects.get(name=TEACHERS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                f"The '{TEACHERS_GROUP}' group is missing: run `manage.py migrate` first."
            ) from None

        password = password or os.environ.get(PASSWORD_ENV) or self._prompt_password()
        candidate = User(username=username, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError("Password rejected: " + " ".join(exc.messages)) from None

        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=email, password=password, is_staff=True
            )
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Teacher '{username}' created; they can log in at /admin/.")
        )

    def _prompt_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                f"No password given: use --password, set ${PASSWORD_ENV}, or run in a terminal."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not first:
            raise CommandError("The password may not be empty.")
        return first
