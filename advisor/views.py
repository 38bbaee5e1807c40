from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scans.models import Scan


@require_GET
@login_required
def team_history(request: HttpRequest) -> HttpResponse:
    """Scans of every team the user belongs to, newest first."""
    scans = Scan.objects.filter(team__memberships__user=request.user).select_related("team").order_by("-created")
    page = Paginator(scans, 25).get_page(request.GET.get("page"))
    template = "advisor/history.html#rows" if getattr(request, "htmx", False) else "advisor/history.html"
    return render(request, template, {"page": page})
