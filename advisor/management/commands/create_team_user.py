"""`manage.py create_team_user USERNAME --team NAME`: how accounts come to exist (there is no sign-up)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from advisor.membership import LastOwnerError, add_member, change_role
from advisor.models import Membership, Team

ROLES = [str(role) for role in Membership.Role]


class Command(BaseCommand):
    help = (
        "Create a user and put them on a team (created if no team has that name). "
        "Without --role, the first user of a new team is its owner, a newcomer to an existing team a member, "
        "and --update keeps an existing role."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--team", required=True, help="team name; created when no team has it")
        parser.add_argument("--role", choices=ROLES, default=None)
        parser.add_argument(
            "--password-file", type=Path, help="read the password from the first line of this file"
        )
        parser.add_argument(
            "--update", action="store_true", help="the user exists: add them to the team or change their role"
        )

    def handle(self, *args, **options) -> None:
        # Tests pass a non-tty stdin; a person at a terminal gets a password prompt.
        self.stdin = options.get("stdin", sys.stdin)
        User = get_user_model()
        username = options["username"]
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is not None and not options["update"]:
            raise CommandError(
                f"user {username!r} already exists; pass --update to change their team or role"
            )
        password = self.read_password(options["password_file"], is_new=user is None)
        with transaction.atomic():
            if user is None:
                user = create_user(username, password)
            elif password is not None:
                set_password(user, password)
            team, role = self.join_team(user, options["team"], options["role"])
        self.stdout.write(f"{username} is {role} of {team.name} (team {team.code}).")

    def join_team(self, user, team_name: str, role: str | None) -> tuple[Team, str]:
        teams = list(Team.objects.filter(name=team_name)[:2])
        if len(teams) > 1:
            raise CommandError(f"more than one team is named {team_name!r}; rename one in the admin first")
        team = teams[0] if teams else Team.objects.create(name=team_name)
        membership = Membership.objects.filter(team=team, user=user).first()
        if membership is None:
            role = role or (Membership.Role.MEMBER if teams else Membership.Role.OWNER)
            add_member(team, user, role)
            return team, role
        if role is None:
            return team, membership.role
        try:
            change_role(membership, role)
        except LastOwnerError as error:
            raise CommandError(str(error)) from None
        return team, role

    def read_password(self, path: Path | None, *, is_new: bool) -> str | None:
        """The password from --password-file, else a prompt at a terminal, else none.

        Without either, a new account gets an unusable password: it cannot log
        in until someone runs `manage.py changepassword`.
        """
        if path is not None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
            if not lines or not lines[0]:
                raise CommandError(f"{path} does not start with a password")
            return lines[0]
        if self.stdin.isatty() and is_new:
            return prompt_password()
        if is_new:
            self.stderr.write(
                "No password given: the account cannot log in until `manage.py changepassword`."
            )
        return None


def prompt_password() -> str:
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password (again): ")
    except (EOFError, KeyboardInterrupt):
        raise CommandError("no password entered; nothing was created") from None
    if password != again:
        raise CommandError("the passwords do not match; nothing was created")
    return password


def create_user(username: str, password: str | None):
    User = get_user_model()
    user = User(**{User.USERNAME_FIELD: username})
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise CommandError("; ".join(error.messages)) from None
    set_password(user, password)
    return user


def set_password(user, password: str | None) -> None:
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        user.set_password(password)
    user.save()
