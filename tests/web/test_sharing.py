from __future__ import annotations

import re

import pytest
from django.urls import reverse

from scans.models import ShareLink
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db


def create_link(client, scan, **data) -> str:
    response = client.post(reverse("scans:share", args=[scan.code]), data, follow=True)
    urls = re.findall(r'value="(http[^"]+/s/[^"/]+/)"', response.content.decode())
    assert len(urls) == 1
    return urls[0]


def test_a_share_link_opens_the_report_read_only(client, client_for, member, team):
    scan = ScanFactory(team=team)
    url = create_link(client_for(member), scan)
    anonymous = type(client)()
    response = anonymous.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert str(scan.code) not in html  # no link back to the owner's pages, JSON or actions
    assert "Verify the fix" not in html and "Create a read-only link" not in html


def test_only_the_hash_of_the_token_is_stored(client_for, member, team):
    scan = ScanFactory(team=team)
    url = create_link(client_for(member), scan, days=3)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    link = ShareLink.objects.get()
    assert token not in link.token_hash and len(token) >= 43
    assert link.expires is not None


def test_a_revoked_link_is_refused(client, client_for, member, team):
    scan = ScanFactory(team=team)
    owner_client = client_for(member)
    url = create_link(owner_client, scan)
    link = ShareLink.objects.get()
    owner_client.post(reverse("scans:share-revoke", args=[scan.code, link.id]))
    assert type(client)().get(url).status_code == 404


def test_an_unknown_token_is_404(client):
    assert client.get("/s/not-a-real-token/").status_code == 404


def test_viewers_cannot_create_or_revoke_links(client_for, viewer, team):
    scan = ScanFactory(team=team)
    client = client_for(viewer)
    assert client.post(reverse("scans:share", args=[scan.code])).status_code == 403
    link, _ = ShareLink.create_for(scan)
    assert client.post(reverse("scans:share-revoke", args=[scan.code, link.id])).status_code == 403
    link.refresh_from_db()
    assert link.is_active


def test_outsiders_get_404_not_403(client_for, outsider, team):
    scan = ScanFactory(team=team)
    assert client_for(outsider).post(reverse("scans:share", args=[scan.code])).status_code == 404
