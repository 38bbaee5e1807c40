"""Team pages: list, create, and (for owners) manage members.

Thin views: access helper -> form -> one call -> render or redirect. Everyone on
a team may read its page; only owners may change who is on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advisor.access import get_member_for_owner, get_team_for_user
from advisor.forms import AddMemberForm, MemberRoleForm, TeamForm
from advisor.membership import LastOwnerError, add_member, change_role, create_team, remove_member
from advisor.models import Membership

RECENT_SCANS = 10


@require_GET
@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("team").order_by("team__name", "team__id")
    return render(request, "advisor/team_list.html", {"memberships": memberships})


@require_http_methods(["GET", "POST"])
@login_required
def team_new(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = create_team(form.cleaned_data["name"], owner=request.user)
        messages.success(request, f"Created {team.name}; you are its owner.")
        return redirect("team-detail", code=team.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "advisor/team_new.html", {"form": form}, status=status)


@require_GET
@login_required
def team_detail(request: HttpRequest, code) -> HttpResponse:
    membership = get_team_for_user(request, code)
    return render_team(request, membership)


@require_POST
@login_required
def member_add(request: HttpRequest, code) -> HttpResponse:
    membership = get_team_for_user(request, code, write=True)
    form = AddMemberForm(request.POST, team=membership.team)
    if not form.is_valid():
        return render_team(request, membership, add_form=form, status=400)
    added = add_member(membership.team, form.user, form.cleaned_data["role"])
    messages.success(request, f"Added {added.user} as {added.role}.")
    return redirect("team-detail", code=code)


@require_POST
@login_required
def member_role(request: HttpRequest, code, membership_id: int) -> HttpResponse:
    membership, target = get_member_for_owner(request, code, membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        return render_team(request, membership, error="Choose owner, member or viewer.", status=400)
    try:
        change_role(target, form.cleaned_data["role"])
    except LastOwnerError as error:
        return render_team(request, membership, error=str(error), status=400)
    messages.success(request, f"{target.user} is now {target.role}.")
    return redirect("team-detail", code=code)


@require_POST
@login_required
def member_remove(request: HttpRequest, code, membership_id: int) -> HttpResponse:
    membership, target = get_member_for_owner(request, code, membership_id)
    try:
        remove_member(target)
    except LastOwnerError as error:
        return render_team(request, membership, error=str(error), status=400)
    messages.success(request, f"Removed {target.user} from {membership.team.name}.")
    # An owner who removed themselves can no longer see the team page.
    if target.user_id == request.user.id:
        return redirect("team-list")
    return redirect("team-detail", code=code)


def render_team(
    request: HttpRequest,
    membership: Membership,
    *,
    add_form: AddMemberForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    team = membership.team
    context = {
        "team": team,
        "my_role": membership.role,
        "is_owner": membership.role == Membership.Role.OWNER,
        "memberships": team.memberships.select_related("user").order_by("user__username"),
        "scans": team.scans.order_by("-created")[:RECENT_SCANS],
        "add_form": add_form or AddMemberForm(team=team),
        "roles": Membership.Role.choices,
        "error": error,
    }
    return render(request, "advisor/team_detail.html", context, status=status)
