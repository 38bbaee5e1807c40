"""The SARIF export of a whole scan: lint, Trivy and probe findings, each located in the Dockerfile."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema

from scans.report.exports import to_sarif
from scans.results import Finding, Severity
from tests.unit.report.scenarios import hardened_app, root_nginx, scan_json, secret_finding

# Vendored by the linter's tests (tests/data/lint/SARIF_SCHEMA_SOURCE.md says where from).
SCHEMA = Path(__file__).resolve().parents[2] / "data" / "lint" / "sarif-schema-2.1.0-rtm.5.json"


def vulnerability() -> Finding:
    return Finding(
        rule="CVE-2023-4911",
        severity=Severity.HIGH,
        title="glibc: buffer overflow in ld.so",
        message="libc6 2.36-9 is affected by CVE-2023-4911, fixed in 2.36-9+deb12u3.",
        fix="upgrade libc6 to 2.36-9+deb12u3",
        source="trivy",
        reason="A buffer overflow in the dynamic loader's GLIBC_TUNABLES handling.",
        extra={
            "kind": "vulnerability",
            "package": "libc6",
            "installed_version": "2.36-9",
            "fixed_version": "2.36-9+deb12u3",
            "primary_url": "https://avd.aquasec.com/nvd/cve-2023-4911",
        },
    )


def full_scan() -> dict:
    case = root_nginx()
    trivy = replace(case.trivy, findings=(vulnerability(), secret_finding("/app/.env")))
    return scan_json(case.with_(trivy=trivy))


def test_it_validates_against_the_sarif_2_1_0_schema():
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text()))

    validator.validate(to_sarif(full_scan(), dockerfile_path="docker/Dockerfile"))
    validator.validate(to_sarif(scan_json(hardened_app())))


def test_it_reports_every_finding_with_a_location_in_the_dockerfile():
    data = full_scan()
    run = to_sarif(data, dockerfile_path="docker/Dockerfile")["runs"][0]

    assert len(run["results"]) == len(data["findings"]) == 8
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "docker/Dockerfile"
        assert location["region"]["startLine"] >= 1
    by_rule = {result["ruleId"]: result for result in run["results"]}
    assert by_rule["ADV101"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert by_rule["ADV101"]["level"] == "error"
    assert by_rule["ADV101"]["properties"]["source"] == "lint"


def test_it_describes_trivy_findings_with_their_own_rules():
    run = to_sarif(full_scan())["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    cve = next(result for result in run["results"] if result["ruleId"] == "CVE-2023-4911")

    assert rules["CVE-2023-4911"]["helpUri"] == "https://avd.aquasec.com/nvd/cve-2023-4911"
    assert rules["CVE-2023-4911"]["properties"]["security-severity"] == "8.0"
    assert run["tool"]["driver"]["rules"][cve["ruleIndex"]]["id"] == "CVE-2023-4911"
    assert cve["properties"] == {
        "severity": "high",
        "source": "trivy",
        "package": "libc6",
        "installed_version": "2.36-9",
        "fixed_version": "2.36-9+deb12u3",
    }
    assert rules["secret:aws-access-key-id"]["defaultConfiguration"]["level"] == "error"


def test_it_carries_the_grade_and_scan_id():
    sarif = to_sarif(full_scan())

    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["properties"] == {"grade": "F", "scanId": "0f0e0d0c-0000-4000-8000-000000000001"}
    assert sarif["runs"][0]["invocations"] == [{"executionSuccessful": True}]
