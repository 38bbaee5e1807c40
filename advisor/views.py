from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from advisor.access import get_team_for_user
from scans.models import Scan


@require_GET
@login_required
def team_history(request: HttpRequest) -> HttpResponse:
    """Scans of every team the user belongs to, newest first; `?team=<code>` narrows to one."""
    team = get_team_for_user(request, request.GET["team"]).team if request.GET.get("team") else None
    scans = (
        Scan.objects.filter(team__memberships__user=request.user).select_related("team").order_by("-created")
    )
    if team is not None:
        scans = scans.filter(team=team)
    page = Paginator(scans, 25).get_page(request.GET.get("page"))
    template = "advisor/history.html#rows" if getattr(request, "htmx", False) else "advisor/history.html"
    memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, template, {"page": page, "team": team, "memberships": memberships})
