"""Model state changes; also run against PostgreSQL by `make test`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from scans.models import Scan, ShareLink, StageRun, hash_token
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db


def test_it_claims_a_queued_scan_once():
    scan = ScanFactory()
    duplicate = Scan.objects.get(id=scan.id)  # a second delivery of the same message
    assert scan.claim() is True
    assert duplicate.claim() is False
    scan.refresh_from_db()
    assert scan.state == Scan.State.RUNNING and scan.started is not None


def test_it_claims_a_stage_once():
    scan = ScanFactory()
    first, second = (StageRun.objects.get(scan=scan, stage="build") for _ in range(2))
    assert (first.claim(), second.claim()) == (True, False)


def test_it_finishes_with_a_state():
    scan = ScanFactory()
    scan.finish(Scan.State.ERROR, "scan.timeout")
    scan.refresh_from_db()
    assert (scan.state, scan.message_id, scan.is_final) == ("error", "scan.timeout", True)


def test_share_links_store_only_a_hash():
    scan = ScanFactory()
    link, token = ShareLink.create_for(scan, days=7)
    assert len(token) >= 43  # 32 random bytes, url-safe base64: 256 bits
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert link.is_active
    link.revoke()
    assert not link.is_active


def test_expired_share_links_are_inactive():
    link, _ = ShareLink.create_for(ScanFactory())
    link.expires = timezone.now() - timedelta(seconds=1)
    assert not link.is_active


def test_findings_json_round_trips():
    scan = ScanFactory()
    scan.findings = [{"rule": "ADV101", "line": 1, "refs": {"cis": ["4.1"]}}]
    scan.save(update_fields=["findings"])
    assert Scan.objects.get(id=scan.id).findings[0]["refs"]["cis"] == ["4.1"]
