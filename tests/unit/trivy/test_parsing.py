"""Parsing real Trivy 0.76 reports captured by tests/data/trivy/refresh.py."""

from __future__ import annotations

import json

import pytest

from scans.errors import ScanAppError
from scans.results import Severity
from scans.trivy import parsing
from tests.unit.trivy.captures import RAW_ACCESS_KEY_ID, RAW_NEIGHBOUR_SECRET, capture, capture_text

BASE_LAYER = "sha256:0f057201d160b22250e9161c7c02b3f459d5d04b8468c3a7da218627e79d9365"
APP_LAYER = "sha256:28f89dd22c9b64e0c8411ca757fdb5e576919cb5f6346bed4e229857120d3d96"


def test_it_reads_the_fixture_cves_with_versions_and_layers():
    vulns = parsing.parse_vulnerabilities(capture("image-fixture-db.json.gz"))
    assert [
        (v.vuln_id, v.package, v.installed_version, v.fixed_version, v.severity, v.layer) for v in vulns
    ] == [
        ("CVE-2099-0004", "advisor-fixture", "1.0-1", "2.0-1", "LOW", APP_LAYER),
        ("CVE-2099-0002", "tar", "1.34+dfsg-1.2+deb12u1", "", "MEDIUM", BASE_LAYER),
        ("CVE-2099-0001", "zlib1g", "1:1.2.13.dfsg-1", "1:1.3.1.dfsg-1~deb12u1", "HIGH", BASE_LAYER),
    ]


def test_it_names_the_target_without_the_host_archive_path():
    vulns = parsing.parse_vulnerabilities(capture("image-fixture-db.json.gz"))
    assert {v.target for v in vulns} == {"image (debian 12.15)"}


def test_it_turns_a_fixable_vulnerability_into_an_upgrade_finding():
    zlib = parsing.parse_vulnerabilities(capture("image-fixture-db.json.gz"))[2]
    finding = parsing.vulnerability_finding(zlib, in_base_image=True).to_json()
    assert finding["rule"] == "CVE-2099-0001"
    assert finding["source"] == "trivy"
    assert finding["severity"] == "high"
    assert finding["title"] == "zlib: fixture heap overflow in inflate"
    assert finding["fix"] == "upgrade zlib1g to 1:1.3.1.dfsg-1~deb12u1"
    assert (finding["package"], finding["installed_version"], finding["fixed_version"]) == (
        "zlib1g",
        "1:1.2.13.dfsg-1",
        "1:1.3.1.dfsg-1~deb12u1",
    )
    assert finding["primary_url"] == "https://avd.aquasec.com/nvd/cve-2099-0001"
    assert finding["in_base_image"] is True


def test_it_says_no_fix_yet_when_trivy_has_no_fixed_version():
    tar = parsing.parse_vulnerabilities(capture("image-fixture-db.json.gz"))[1]
    finding = parsing.vulnerability_finding(tar, in_base_image=True)
    assert finding.fix == "no fix yet for tar: watch CVE-2099-0002, or remove the package if unused"
    assert finding.extra["fixed_version"] == ""


def test_it_maps_unknown_severity_to_info():
    assert parsing.severity_of("UNKNOWN") is Severity.INFO
    assert parsing.severity_of("critical") is Severity.CRITICAL


def test_it_keeps_only_the_masked_secret_match():
    findings = parsing.secret_findings(capture("image-fixture-db.json.gz"))
    assert [(f.rule, f.severity, f.extra["target"], f.extra["secret_line"]) for f in findings] == [
        ("secret:aws-access-key-id", Severity.CRITICAL, "/app/credentials", 1)
    ]
    assert findings[0].extra["match"] == "aws_access_key_id = ********************"
    assert (
        findings[0].message
        == "AWS Access Key ID in /app/credentials line 1: aws_access_key_id = ********************"
    )


def test_it_drops_the_clear_text_trivy_leaves_around_a_secret():
    """GIVEN Trivy's raw report, which holds both planted values in clear (layer
    CreatedBy and Code.Lines) WHEN we parse it THEN neither survives in our findings."""
    raw = capture_text("image-fixture-db.json.gz")
    assert RAW_NEIGHBOUR_SECRET in raw
    stored = json.dumps([f.to_json() for f in parsing.secret_findings(json.loads(raw))])
    assert RAW_ACCESS_KEY_ID not in stored
    assert RAW_NEIGHBOUR_SECRET not in stored


def test_it_redacts_a_match_that_carries_no_mask():
    assert parsing.masked_match("token = ghp_abcdefABCDEF0123456789") == parsing.REDACTED
    assert parsing.masked_match("  key = ****  ") == "key = ****"


def test_it_reads_dockerfile_checks_with_ids_lines_and_code():
    findings = parsing.misconfig_findings(capture("config-misconfigured.json"), quote_code=True)
    assert [(f.rule, f.severity, f.line) for f in findings] == [
        ("DS-0001", Severity.MEDIUM, 1),
        ("DS-0002", Severity.HIGH, None),
        ("DS-0005", Severity.LOW, 4),
        ("DS-0026", Severity.LOW, None),
        ("DS-0029", Severity.HIGH, 2),
        ("DS-0031", Severity.CRITICAL, 3),
    ]
    add = findings[2]
    assert add.code == "ADD . /app"
    assert add.fix == "Use COPY instead of ADD"
    assert add.refs["trivy"] == ("DS-0005",)
    assert add.extra == {
        "kind": "misconfig",
        "target": "Dockerfile",
        "primary_url": "https://avd.aquasec.com/misconfig/ds-0005",
    }


def test_it_does_not_quote_code_of_files_found_inside_an_image():
    findings = parsing.misconfig_findings(capture("config-misconfigured.json"), quote_code=False)
    assert {f.code for f in findings} == {""}


@pytest.mark.parametrize("raw", ["DS002", "DS-002", "DS-0002", "ds-0002", " DS0002 "])
def test_it_normalises_check_ids(raw):
    assert parsing.normalise_check_id(raw) == "DS-0002"


def test_it_leaves_foreign_ids_alone():
    assert parsing.normalise_check_id("AVD-DS-0002") == "AVD-DS-0002"


def test_it_rejects_output_that_is_not_a_trivy_report():
    with pytest.raises(ScanAppError) as error:
        parsing.load_report("2026-11-25T15:02:00Z FATAL Fatal error")
    assert error.value.message_id == "trivy.failed"
    with pytest.raises(ScanAppError):
        parsing.load_report('{"SchemaVersion": 1}')


def test_it_names_secrets_in_env_or_history_as_the_image_configuration():
    # Shape seen from Trivy 0.76 for `ENV GITHUB_TOKEN=ghp_...`: the target is the archive path.
    report = {
        "SchemaVersion": 2,
        "ArtifactName": "/var/tmp/advisor-sandbox/x/image.tar",
        "Results": [
            {
                "Target": "/var/tmp/advisor-sandbox/x/image.tar",
                "Class": "secret",
                "Secrets": [
                    {
                        "RuleID": "github-pat",
                        "Severity": "CRITICAL",
                        "Title": "GitHub Personal Access Token",
                        "StartLine": 37,
                        "Match": '"GITHUB_TOKEN=****************************************"',
                    }
                ],
            }
        ],
    }
    finding = parsing.secret_findings(report)[0]
    assert finding.extra["target"] == "image configuration"
    assert finding.message == (
        "GitHub Personal Access Token in image configuration line 37: "
        '"GITHUB_TOKEN=****************************************"'
    )
