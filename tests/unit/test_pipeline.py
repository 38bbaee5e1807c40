"""Pipeline ordering and failure handling, on the real DB, with no tools."""

from __future__ import annotations

import pytest

from scans import pipeline
from scans.models import Scan
from scans.results import BuildResult, StageStatus
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db


def test_it_lints_and_asks_for_the_sandbox_phase(settings):
    settings.ADVISOR_SANDBOX_ENABLED = True
    scan = ScanFactory(dockerfile='FROM debian:bookworm-slim\nCMD ["true"]\n')
    assert pipeline.run_lint_phase(scan) is True
    runs = scan.stage_map()
    assert runs["lint"].status == "completed"
    findings = Scan.objects.get(id=scan.id).findings
    assert findings[0]["rule"] == "ADV101"  # the only high finding, so it sorts first
    assert [f["severity"] for f in findings].count("high") == 1


def test_a_redelivered_lint_message_does_nothing():
    scan = ScanFactory()
    assert pipeline.run_lint_phase(scan) is True
    again = Scan.objects.get(id=scan.id)
    assert pipeline.run_lint_phase(again) is False


def test_a_parse_error_is_a_failed_lint_stage_with_a_message(settings, client):
    scan = ScanFactory(dockerfile="this is not a dockerfile\n")
    pipeline.run_lint_phase(scan)
    data = client.get(f"/scans/{scan.code}.json").json()
    assert data["stages"]["lint"]["status"] == "failed"
    assert data["stages"]["lint"]["message"]["title"] == "The Dockerfile could not be parsed"
    assert "unknown instruction 'THIS'" in data["stages"]["lint"]["error"]


def test_a_crashing_stage_is_stored_as_error_and_the_next_stage_still_runs():
    scan = ScanFactory()

    def crash():
        raise RuntimeError("boom")

    result = pipeline.run_stage(scan, "build", BuildResult, crash)
    assert result.status == StageStatus.ERROR and result.message_id == "stage.crashed"
    run = scan.stage_runs.get(stage="build")
    assert (run.status, run.message_id) == ("error", "stage.crashed")


def test_without_the_sandbox_the_scan_completes_with_skipped_stages(settings, tmp_path):
    settings.ADVISOR_SANDBOX_ENABLED = False
    settings.ADVISOR_TRIVY_BINARY = str(tmp_path / "no-trivy-here")
    scan = ScanFactory(dockerfile='FROM debian:bookworm-slim\nUSER 5000:5000\nCMD ["true"]\n')
    assert pipeline.run_lint_phase(scan) is False
    scan.refresh_from_db()
    statuses = {name: run.status for name, run in scan.stage_map().items()}
    assert scan.state == "completed"
    assert statuses == {
        "lint": "completed",
        "build": "skipped",
        "trivy": "error",
        "probe": "skipped",
        "report": "completed",
    }
