"""Through the web layer to a real `celery worker` process over the real Redis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scans.models import Scan
from tests.conftest import wait_for_scan

pytestmark = [pytest.mark.slow, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_pasted_dockerfile_is_linted_by_the_real_worker(client, celery_worker_process):
    dockerfile = 'FROM busybox:latest\nEXPOSE 8080\nCMD ["sleep", "30"]\n'
    response = client.post(reverse("scans:new"), {"dockerfile": dockerfile})
    scan = Scan.objects.get()
    assert response["Location"] == f"/scans/{scan.code}/"

    wait_for_scan(scan, until=lambda s: s.stage_map()["lint"].status == "completed", timeout=60)
    data = client.get(reverse("scans:json", args=[scan.code])).json()
    lint_rules = sorted(f["rule"] for f in data["findings"] if f["source"] == "lint")
    assert "ADV101" in lint_rules and "ADV501" in lint_rules
    no_user = next(f for f in data["findings"] if f["rule"] == "ADV101")
    assert (no_user["line"], no_user["code"]) == (1, "FROM busybox:latest")

    # The worker's own task id is stored: the message really went through Redis.
    assert Scan.objects.get(id=scan.id).task_id
    wait_for_scan(scan, timeout=300)
    assert scan.state == "completed"
