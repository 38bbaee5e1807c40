"""docs/report-schema.json accepts the scan JSON the real pipeline writes, and only that.

Scans run through scans.pipeline with the sandbox off (no tools); the complete scan
stores realistic build/trivy/probe results with pipeline.store_result, then lets the
real report stage finish it, so every stage's sub-schema sees real `to_json()` output.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from scans import pipeline
from scans.intake import verification_source
from scans.models import Scan
from scans.results import BuildResult, StageStatus, TrivyResult
from scans.serialize import scan_to_json
from scans.trivy.parsing import Vulnerability, vulnerability_finding
from tests.factories import ScanFactory
from tests.support.scan_schema import schema_errors
from tests.unit.report.scenarios import ROOT_NGINX, root_nginx, secret_finding

pytestmark = pytest.mark.django_db

ROOT_DOCKERFILE = (
    "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
    "USER root\nEXPOSE 80\nCMD python app.py\n"
)
LAYER = "sha256:5d0aeceef7eeb6c8ad1d4c4f1d0b6b3a9c9a6f1e2d3c4b5a69788796a5b4c3d2"


@pytest.fixture
def sandbox_off(settings, tmp_path) -> None:
    settings.ADVISOR_SANDBOX_ENABLED = False
    settings.ADVISOR_TRIVY_BINARY = str(tmp_path / "no-trivy")  # keeps this tier tool-free


def lint_only_scan(dockerfile: str, **fields: Any) -> Scan:
    scan = ScanFactory(dockerfile=dockerfile, **fields)
    assert pipeline.run_lint_phase(scan) is False
    scan.refresh_from_db()
    return scan


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {name: stage["status"] for name, stage in data["stages"].items()}


def test_it_accepts_a_finished_scan_without_the_sandbox(sandbox_off):
    data = scan_to_json(lint_only_scan(ROOT_DOCKERFILE))

    assert schema_errors(data) == []
    assert statuses(data) == {
        "lint": "completed", "build": "skipped", "trivy": "error", "probe": "skipped", "report": "completed",
    }  # fmt: skip
    assert "ADV102" in [finding["rule"] for finding in data["findings"]]


def test_it_accepts_a_queued_scan_whose_stages_are_pending():
    data = scan_to_json(ScanFactory())

    assert schema_errors(data) == []
    pending = {"status": "pending"}
    assert data["stages"] == {name: pending for name in ("lint", "build", "trivy", "probe", "report")}
    assert (data["status"], data["grade"], data["fixes"], data["finished"]) == ("queued", None, None, None)


def test_it_accepts_a_scan_that_timed_out_while_building():
    scan = ScanFactory()
    assert scan.claim()
    scan.stage_runs.filter(stage="build").update(status=StageStatus.RUNNING)
    pipeline.fail_unfinished_stages(scan, "scan.timeout")
    scan.finish(Scan.State.ERROR, "scan.timeout")

    data = scan_to_json(scan)

    assert schema_errors(data) == []
    assert data["stages"]["build"]["message"]["id"] == "scan.timeout"
    assert set(data["stages"]["build"]) == {"status", "message"}


def test_it_accepts_a_scan_whose_dockerfile_does_not_parse(sandbox_off):
    data = scan_to_json(lint_only_scan("this is not a dockerfile\n"))

    assert schema_errors(data) == []
    assert data["stages"]["lint"]["status"] == "failed"
    assert "unknown instruction 'THIS'" in data["stages"]["lint"]["error"]


def test_it_accepts_a_scan_and_its_verification(sandbox_off):
    original = lint_only_scan(ROOT_DOCKERFILE)
    dockerfile, runtime = verification_source(original)
    child = lint_only_scan(dockerfile, verifies=original, runtime=runtime)

    parent_data, child_data = scan_to_json(original), scan_to_json(child)

    assert schema_errors(parent_data) == []
    assert schema_errors(child_data) == []
    assert parent_data["verification"]["scan_id"] == str(child.code)
    assert parent_data["verification"]["checklist"] == child_data["checklist"]
    assert child_data["verifies"] == str(original.code)


def vulnerability(vuln_id: str, package: str, fixed: str, severity: str) -> Vulnerability:
    return Vulnerability(
        vuln_id=vuln_id, package=package, installed_version="1.2.3-1", fixed_version=fixed,
        severity=severity, title=f"{package}: example flaw", description="Crafted input overflows a buffer.",
        primary_url=f"https://avd.aquasec.com/nvd/{vuln_id.lower()}", target="debian 12.5", layer=LAYER,
        status="fixed" if fixed else "affected",
    )  # fmt: skip


def trivy_result() -> TrivyResult:
    libc = vulnerability("CVE-2023-4911", "libc6", "2.36-9+deb12u3", "HIGH")
    zlib = vulnerability("CVE-2024-0001", "zlib1g", "", "UNKNOWN")
    findings = (
        vulnerability_finding(libc, in_base_image=True),
        vulnerability_finding(zlib, in_base_image=False),
        secret_finding(),
    )
    details = {
        "vuln_total": 2, "not_fixable": 1,
        "top_packages": [{"package": "libc6", "count": 1}, {"package": "zlib1g", "count": 1}],
        "base_image": "debian:bookworm-slim", "base_image_layers": 1, "base_image_vulns": 1,
        "base_image_fixable": 1, "base_image_by_history": True,
    }  # fmt: skip
    summary = {"critical": 1, "high": 1, "medium": 0, "low": 0, "unknown": 1, "fixable": 1}
    sbom = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}'
    return TrivyResult(StageStatus.COMPLETED, "available", summary, findings, sbom=sbom, details=details)


def complete_scan() -> Scan:
    """Every stage with a result, as after a real sandbox run of the root nginx image."""
    scan = ScanFactory(dockerfile=ROOT_NGINX)
    assert scan.claim()
    example = root_nginx()
    lint = pipeline.store_result(scan, "lint", example.lint)
    build = BuildResult(
        StageStatus.COMPLETED, image_ref="localhost/advisor-scan:x", image_id="sha256:ab12",
        duration_s=12.3456,
        log_tail="STEP 1/4: FROM debian:bookworm-slim\nCOMMIT\n",
    )  # fmt: skip
    pipeline.store_result(scan, "build", build)
    trivy = pipeline.store_result(scan, "trivy", trivy_result())
    probe = pipeline.store_result(scan, "probe", example.probe)
    pipeline.finish_scan(scan, lint, build, trivy, probe)
    scan.refresh_from_db()
    return scan


def test_it_accepts_a_complete_scan_with_build_trivy_and_probe_results():
    scan = complete_scan()
    data = scan_to_json(scan)

    assert schema_errors(data) == []
    assert set(statuses(data).values()) == {"completed"}
    assert data["stages"]["trivy"]["sbom_url"] == reverse("scans:sbom", args=[scan.code])
    assert data["stages"]["probe"]["hardened"]["cap_add"] == ["NET_BIND_SERVICE"]
    assert data["stages"]["build"]["duration_s"] == 12.346
    libc = next(finding for finding in data["findings"] if finding["rule"] == "CVE-2023-4911")
    assert (libc["package"], libc["fixed_version"], libc["source"]) == ("libc6", "2.36-9+deb12u3", "trivy")
    assert data["grade"] == "F"  # the secret fails `no-secrets`, which caps the grade at F
    assert "--user 5000:5000" in data["fixes"]["docker_run"]


def finding_index(data: dict[str, Any], rule: str) -> int:
    return next(i for i, finding in enumerate(data["findings"]) if finding["rule"] == rule)


def set_severity(data: dict[str, Any]) -> str:
    index = finding_index(data, "CVE-2023-4911")
    data["findings"][index]["severity"] = "severe"
    return f"findings/{index}/severity: 'severe' is not one of ['critical', 'high', 'medium', 'low', 'info']"


def drop_rule(data: dict[str, Any]) -> str:
    index = finding_index(data, "CVE-2023-4911")
    del data["findings"][index]["rule"]
    return f"findings/{index}: 'rule' is a required property"


def drop_package(data: dict[str, Any]) -> str:
    index = finding_index(data, "CVE-2024-0001")
    del data["findings"][index]["package"]
    return f"findings/{index}: 'package' is a required property"


def drop_baseline_uid(data: dict[str, Any]) -> str:
    del data["stages"]["probe"]["baseline"]["uid"]
    return "stages/probe/baseline: 'uid' is a required property"


def unknown_vuln_db(data: dict[str, Any]) -> str:
    data["stages"]["trivy"]["vuln_db"] = "maybe"
    return "stages/trivy/vuln_db: 'maybe' is not one of ['available', 'unavailable']"


def drop_summary_fixable(data: dict[str, Any]) -> str:
    del data["stages"]["trivy"]["summary"]["fixable"]
    return "stages/trivy/summary: 'fixable' is a required property"


def unknown_stage_status(data: dict[str, Any]) -> str:
    data["stages"]["build"]["status"] = "done"
    return "stages/build/status: 'done' is not one of " + str(
        ["pending", "running", "completed", "failed", "skipped", "unavailable", "error"]
    )


def grade_e(data: dict[str, Any]) -> str:
    data["grade"] = "E"
    return "grade: 'E' is not one of ['A', 'B', 'C', 'D', 'F', None]"


def unknown_check_status(data: dict[str, Any]) -> str:
    # a new list: the top-level checklist is the very list stages.report holds
    first, *rest = data["checklist"]
    data["checklist"] = [{**first, "status": "ok"}, *rest]
    return "checklist/0/status: 'ok' is not one of ['pass', 'fail', 'warn', 'not checked']"


@pytest.mark.parametrize(
    "break_it",
    [set_severity, drop_rule, drop_package, drop_baseline_uid, unknown_vuln_db, drop_summary_fixable,
     unknown_stage_status, grade_e, unknown_check_status],
)  # fmt: skip
def test_it_rejects_a_document_that_breaks_the_contract(break_it):
    data = copy.deepcopy(scan_to_json(complete_scan()))
    expected = break_it(data)

    assert schema_errors(data) == [expected]
