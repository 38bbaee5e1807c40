"""`manage.py create_team_user`: the only way besides the admin that accounts come to exist."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from advisor.models import Membership, Team
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "plum-orbit-kettle-42"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    # A StringIO stdin is not a tty, so the command never prompts.
    call_command("create_team_user", *args, stdin=io.StringIO(), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def password_file(tmp_path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def test_it_creates_user_team_and_owner_membership(password_file):
    out, err = run("alice", "--team", "Blue team", "--password-file", str(password_file))
    user = get_user_model().objects.get(username="alice")
    team = Team.objects.get(name="Blue team")
    assert user.check_password(PASSWORD) is True
    assert Membership.objects.get(user=user).team == team
    assert Membership.objects.get(user=user).role == "owner"
    assert out == f"alice is owner of Blue team (team {team.code}).\n"
    assert err == ""


def test_it_joins_an_existing_team_as_member_by_default(password_file):
    team = TeamFactory(name="Platform")
    run("bob", "--team", "Platform", "--password-file", str(password_file))
    run("carol", "--team", "Platform", "--role", "viewer", "--password-file", str(password_file))
    roles = dict(team.memberships.values_list("user__username", "role"))
    assert roles == {"bob": "member", "carol": "viewer"}
    assert Team.objects.count() == 1


def test_it_refuses_an_existing_username_without_update(password_file):
    user = UserFactory(username="dave")
    with pytest.raises(CommandError, match="user 'dave' already exists; pass --update"):
        run("dave", "--team", "Platform", "--password-file", str(password_file))
    assert Team.objects.count() == 0
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery") is True


def test_it_adds_an_existing_user_to_a_team_with_update():
    user = UserFactory(username="erin")
    team = TeamFactory(name="Platform")
    out, _ = run("erin", "--team", "Platform", "--role", "viewer", "--update")
    assert Membership.objects.get(user=user, team=team).role == "viewer"
    assert user.check_password("correct-horse-battery") is True  # no password given: unchanged
    assert out.startswith("erin is viewer of Platform")


def test_it_keeps_a_role_on_update_unless_one_is_given(password_file):
    membership = MembershipFactory(team__name="Platform", user__username="finn", role=Membership.Role.OWNER)
    MembershipFactory(team=membership.team, role=Membership.Role.OWNER)
    run("finn", "--team", "Platform", "--update", "--password-file", str(password_file))
    membership.refresh_from_db()
    assert membership.role == "owner"
    assert membership.user.check_password(PASSWORD) is True
    run("finn", "--team", "Platform", "--update", "--role", "member")
    membership.refresh_from_db()
    assert membership.role == "member"


def test_it_refuses_to_demote_the_last_owner():
    membership = MembershipFactory(team__name="Platform", user__username="gus", role=Membership.Role.OWNER)
    with pytest.raises(CommandError, match="A team needs at least one owner"):
        run("gus", "--team", "Platform", "--update", "--role", "viewer")
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_it_gives_an_unusable_password_when_none_is_given_and_stdin_is_not_a_tty():
    _, err = run("hana", "--team", "Platform")
    user = get_user_model().objects.get(username="hana")
    assert user.has_usable_password() is False
    assert err == "No password given: the account cannot log in until `manage.py changepassword`.\n"


def test_it_refuses_a_weak_password(tmp_path):
    path = tmp_path / "password"
    path.write_text("password\n", encoding="utf-8")
    with pytest.raises(CommandError, match="This password is too common."):
        run("ivan", "--team", "Platform", "--password-file", str(path))
    assert get_user_model().objects.filter(username="ivan").exists() is False
    assert Team.objects.count() == 0


def test_it_refuses_an_invalid_username(password_file):
    with pytest.raises(CommandError, match="Enter a valid username"):
        run("bad name!", "--team", "Platform", "--password-file", str(password_file))
    assert Team.objects.count() == 0


def test_it_refuses_an_ambiguous_team_name(password_file):
    TeamFactory(name="Platform")
    TeamFactory(name="Platform")
    with pytest.raises(CommandError, match="more than one team is named 'Platform'"):
        run("jo", "--team", "Platform", "--password-file", str(password_file))
    assert get_user_model().objects.filter(username="jo").exists() is False


def test_it_refuses_a_missing_password_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing: No such file or directory"):
        run("kim", "--team", "Platform", "--password-file", str(tmp_path / "missing"))
