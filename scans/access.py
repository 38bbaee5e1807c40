"""Who may see or change a scan. Non-members get 404 so a scan's existence is not revealed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from advisor.models import Membership
from scans.models import Scan, ShareLink, hash_token


def get_scan_for_user(request: HttpRequest, code, *, write: bool = False) -> Scan:
    """A scan without a team is reachable by its unguessable code (like a paste link);
    a team's scan only by the team's members, and only owners/members may write."""
    scan = get_object_or_404(Scan.objects.select_related("team", "verifies"), code=code)
    if scan.team_id is None:
        return scan
    if not request.user.is_authenticated:
        raise Http404("No such scan")
    membership = Membership.objects.filter(team_id=scan.team_id, user=request.user).first()
    if membership is None:
        raise Http404("No such scan")
    if write and not membership.can_write:
        raise PermissionDenied("Viewers cannot change scans")
    return scan


def get_scan_for_share(token: str) -> tuple[Scan, ShareLink]:
    link = ShareLink.objects.select_related("scan").filter(token_hash=hash_token(token)).first()
    if link is None or link.revoked or (link.expires and link.expires <= timezone.now()):
        raise Http404("This link does not exist, has expired or was revoked")
    return link.scan, link
