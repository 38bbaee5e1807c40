from __future__ import annotations

import json

import pytest
from django.urls import reverse

from scans import pipeline
from scans.models import Scan
from tests.factories import ScanFactory
from tests.support.scan_schema import schema_errors

pytestmark = pytest.mark.django_db


def linted_scan(**kwargs) -> Scan:
    scan = ScanFactory(dockerfile='FROM debian:latest\nUSER root\nCMD ["sh"]\n', **kwargs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.ADVISOR_SANDBOX_ENABLED", True)
        assert pipeline.run_lint_phase(scan) is True
    scan.refresh_from_db()
    return scan


def test_scan_json_follows_the_schema(client):
    scan = linted_scan()
    data = client.get(reverse("scans:json", args=[scan.code])).json()
    assert data["id"] == str(scan.code)
    assert data["status"] == "running"
    assert data["stages"]["lint"]["status"] == "completed"
    assert data["stages"]["build"]["status"] == "pending"
    by_rule = {f["rule"]: (f["line"], f["severity"], f["source"]) for f in data["findings"]}
    assert by_rule["ADV102"] == (2, "high", "lint")
    assert by_rule["ADV501"] == (1, "medium", "lint")
    assert "ADV101" not in by_rule  # there is a USER, it is just root
    finding = data["findings"][0]  # worst first
    assert set(finding) >= {"rule", "severity", "line", "title", "message", "fix", "source", "refs"}
    assert finding["refs"]["hadolint"] == ["DL3002"] and finding["refs"]["trivy"] == ["DS-0002"]
    assert finding["code"] == "USER root"
    assert schema_errors(data) == []  # docs/report-schema.json, mid-scan


def test_detail_page_lists_findings_with_line_reason_and_fix(client):
    scan = linted_scan()
    html = client.get(reverse("scans:detail", args=[scan.code])).content.decode()
    assert "ADV102" in html and "USER root" in html
    assert "Why it matters" in html and "How to fix" in html
    assert 'hx-trigger="every 2s"' in html  # not final yet: keeps polling


def test_htmx_requests_get_only_the_progress_partial(client):
    scan = linted_scan()
    response = client.get(reverse("scans:detail", args=[scan.code]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="progress"')
    assert "<html" not in html


def test_final_scan_stops_polling(client):
    scan = linted_scan()
    scan.finish()
    html = client.get(reverse("scans:detail", args=[scan.code]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html


def test_unknown_scan_is_404(client):
    assert client.get("/scans/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/scans/00000000-0000-4000-8000-000000000000.json").status_code == 404


def test_team_scans_are_hidden_from_outsiders_and_anonymous(client, client_for, team, outsider, viewer):
    scan = ScanFactory(team=team)
    url = reverse("scans:json", args=[scan.code])
    assert client.get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(viewer).get(url).status_code == 200


def test_the_api_creates_a_scan(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("scans:api-create"),
            json.dumps({"dockerfile": "FROM busybox:1.36\n"}),
            content_type="application/json",
        )
    assert response.status_code == 202
    scan = Scan.objects.get()
    assert response.json()["id"] == str(scan.code)
    assert scan.source_kind == "api"


def test_the_api_rejects_bad_bodies(client):
    url = reverse("scans:api-create")
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert (
        client.post(url, json.dumps({"dockerfile": ""}), content_type="application/json").json()["error"][
            "id"
        ]
        == "source.empty"
    )
    assert Scan.objects.count() == 0


def test_rules_page_lists_the_registry(client):
    from scans.lint.registry import all_rules

    html = client.get(reverse("scans:rules")).content.decode()
    for rule in all_rules():
        assert f'id="{rule.id}"' in html


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("scans:new"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
