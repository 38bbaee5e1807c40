"""Exports, the printable page and the verify button, on a scan run without the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from scans import pipeline
from scans.models import Scan
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db
ROOT_DOCKERFILE = (
    "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
    "USER root\nEXPOSE 80\nCMD python app.py\n"
)


@pytest.fixture
def finished_scan(settings, tmp_path) -> Scan:
    settings.ADVISOR_SANDBOX_ENABLED = False
    settings.ADVISOR_TRIVY_BINARY = str(tmp_path / "no-trivy")  # keeps this tier tool-free
    scan = ScanFactory(dockerfile=ROOT_DOCKERFILE)
    pipeline.run_lint_phase(scan)
    scan.refresh_from_db()
    assert scan.state == "completed"
    return scan


def sarif_schema() -> dict | None:
    matches = sorted(Path(__file__).resolve().parents[1].glob("data/**/sarif-schema-2.1.0*.json"))
    return json.loads(matches[0].read_text()) if matches else None


def test_the_sarif_export_validates_and_locates_findings(client, finished_scan):
    response = client.get(reverse("scans:sarif", args=[finished_scan.code]))
    sarif = json.loads(response.content)
    assert response["Content-Type"] == "application/sarif+json"
    assert sarif["version"] == "2.1.0"
    schema = sarif_schema()
    assert schema is not None, "tests/data must hold the vendored SARIF 2.1.0 schema"
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    root_user = next(r for r in results if r["ruleId"] == "ADV102")
    assert root_user["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_the_markdown_export_fits_a_pull_request_comment(client, finished_scan):
    text = client.get(reverse("scans:markdown", args=[finished_scan.code])).content.decode()
    assert "ADV102" in text
    assert "| " in text  # the checklist table
    report = finished_scan.stage_runs.get(stage="report").result
    assert f"grade **{report['grade']}**" in text


def test_the_printable_page_has_the_checklist(client, finished_scan):
    html = client.get(reverse("scans:print", args=[finished_scan.code])).content.decode()
    assert 'id="grade"' in html
    assert "Verify the fix" not in html


def test_verify_starts_a_linked_scan_of_the_hardened_dockerfile(
    client, finished_scan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("scans:verify", args=[finished_scan.code]))
    child = Scan.objects.exclude(id=finished_scan.id).get()
    assert response["Location"] == f"/scans/{child.code}/"
    assert child.verifies == finished_scan
    report = finished_scan.stage_runs.get(stage="report").result
    assert child.dockerfile == report["fixes"]["dockerfile"]
    assert "USER root" not in child.dockerfile


def test_verify_needs_a_finished_report(client, django_capture_on_commit_callbacks):
    scan = ScanFactory()
    response = client.post(reverse("scans:verify", args=[scan.code]), follow=True)
    assert b"no hardened Dockerfile to verify yet" in response.content
    assert Scan.objects.count() == 1


def test_the_api_verifies_a_finished_scan(client, finished_scan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("scans:api-verify", args=[finished_scan.code]))
    child = Scan.objects.exclude(id=finished_scan.id).get()
    assert response.status_code == 202
    assert response.json()["id"] == str(child.code)
    assert response.json()["verifies"] == str(finished_scan.code)


def test_the_api_refuses_to_verify_an_unfinished_scan(client):
    scan = ScanFactory()
    response = client.post(reverse("scans:api-verify", args=[scan.code]))
    assert response.status_code == 409
    assert response.json()["error"]["id"] == "api.nothing_to_verify"
