"""Creating teams and changing who belongs to them; the web pages and `create_team_user` share these."""

from __future__ import annotations

from django.db import transaction

from advisor.models import Membership, Team

LAST_OWNER_TEXT = "A team needs at least one owner: make someone else an owner first."


class LastOwnerError(Exception):
    """Raised instead of leaving a team with no owner, which nobody but an admin could manage."""

    def __init__(self) -> None:
        super().__init__(LAST_OWNER_TEXT)


def create_team(name: str, owner) -> Team:
    with transaction.atomic():
        team = Team.objects.create(name=name)
        Membership.objects.create(team=team, user=owner, role=Membership.Role.OWNER)
    return team


def add_member(team: Team, user, role: str) -> Membership:
    return Membership.objects.create(team=team, user=user, role=role)


def change_role(membership: Membership, role: str) -> None:
    with transaction.atomic():
        if role != Membership.Role.OWNER:
            ensure_another_owner(membership)
        membership.role = role
        membership.save(update_fields=["role"])


def remove_member(membership: Membership) -> None:
    with transaction.atomic():
        ensure_another_owner(membership)
        membership.delete()


def ensure_another_owner(membership: Membership) -> None:
    """Raise LastOwnerError if `membership` is the team's only owner.

    The owner rows are locked (on PostgreSQL) so two owners demoting each other
    at the same moment cannot both pass this check and leave the team ownerless.
    """
    owners = Membership.objects.select_for_update().filter(
        team_id=membership.team_id, role=Membership.Role.OWNER
    )
    if list(owners.values_list("id", flat=True)) == [membership.id]:
        raise LastOwnerError()
