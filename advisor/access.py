"""Who may see or manage a team. Non-members get 404 so a team's existence is not revealed."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from advisor.models import Membership


def get_team_for_user(request: HttpRequest, code: uuid.UUID | str, *, write: bool = False) -> Membership:
    """The caller's membership of the team with this code (`.team` is the team).

    404 for anonymous users, non-members and malformed codes (a `?team=` value
    is user input); 403 when `write` is asked for and the caller is not an owner.
    """
    try:
        code = uuid.UUID(str(code))
    except ValueError:
        raise Http404("No such team") from None
    if not request.user.is_authenticated:
        raise Http404("No such team")
    membership = Membership.objects.select_related("team").filter(team__code=code, user=request.user).first()
    if membership is None:
        raise Http404("No such team")
    if write and membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only owners can manage a team")
    return membership


def get_member_for_owner(
    request: HttpRequest, code: uuid.UUID | str, membership_id: int
) -> tuple[Membership, Membership]:
    """(the caller's owner membership, the team's membership `membership_id`); 404 if it is another team's."""
    membership = get_team_for_user(request, code, write=True)
    target = get_object_or_404(membership.team.memberships.select_related("user"), id=membership_id)
    return membership, target
