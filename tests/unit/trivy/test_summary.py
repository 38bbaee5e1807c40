"""Counts, top packages and the base-image share, from the real captured image report."""

from __future__ import annotations

from scans.trivy import parsing
from scans.trivy.parsing import Vulnerability
from scans.trivy.summary import base_image_layers, summarise, top_packages, vulnerability_details
from tests.unit.trivy.captures import capture

BASE_LAYER = "sha256:0f057201d160b22250e9161c7c02b3f459d5d04b8468c3a7da218627e79d9365"


def vuln(package: str, severity: str, fixed: str = "", layer: str = "L1") -> Vulnerability:
    return Vulnerability("CVE-1", package, "1", fixed, severity, "", "", "", "t", layer, "")


def test_it_counts_the_fixture_cves_by_severity_and_fixability():
    vulns = parsing.parse_vulnerabilities(capture("image-fixture-db.json.gz"))
    assert summarise(vulns) == {"critical": 0, "high": 1, "medium": 1, "low": 1, "unknown": 0, "fixable": 2}


def test_it_counts_unknown_and_new_severity_words_as_unknown():
    vulns = [vuln("a", "UNKNOWN"), vuln("b", "NEGLIGIBLE", fixed="2"), vuln("c", "CRITICAL")]
    assert summarise(vulns) == {"critical": 1, "high": 0, "medium": 0, "low": 0, "unknown": 2, "fixable": 1}


def test_it_ranks_packages_by_finding_count_then_name():
    vulns = [vuln("zlib1g", "LOW"), vuln("libc6", "LOW"), vuln("zlib1g", "HIGH"), vuln("apt", "LOW")]
    assert top_packages(vulns, limit=2) == [{"package": "zlib1g", "count": 2}, {"package": "apt", "count": 1}]


def test_it_finds_the_base_layers_from_buildahs_from_comment():
    base = base_image_layers(capture("image-fixture-db.json.gz"))
    assert base.name == "docker.io/library/debian:bookworm-slim"
    assert base.layers == frozenset({BASE_LAYER})
    assert base.by_history is True


def test_it_falls_back_to_the_first_layer_without_history_comments():
    report = {"Metadata": {"DiffIDs": ["sha256:a", "sha256:b"], "ImageConfig": {"history": [{}, {}]}}}
    base = base_image_layers(report)
    assert (base.name, base.layers, base.by_history) == (None, frozenset({"sha256:a"}), False)


def test_it_takes_the_last_named_from_when_the_base_was_built_by_buildah_too():
    history = [
        {"comment": "imported from tarball"},
        {"comment": "FROM docker.io/library/debian:bookworm-slim"},  # inside the base's own build
        {"comment": "FROM 41a603b72f0d"},
        {"comment": "FROM registry.example/python:3.11"},  # the user's FROM
        {"comment": "FROM 48ed8520ea08", "empty_layer": True},
    ]
    report = {"Metadata": {"DiffIDs": ["a", "b", "c", "d"], "ImageConfig": {"history": history}}}
    base = base_image_layers(report)
    assert (base.name, base.layers) == ("registry.example/python:3.11", frozenset({"a", "b", "c"}))


def test_it_reports_which_vulnerabilities_come_from_the_base_image():
    report = capture("image-fixture-db.json.gz")
    details = vulnerability_details(parsing.parse_vulnerabilities(report), base_image_layers(report))
    assert details == {
        "vuln_total": 3,
        "top_packages": [
            {"package": "advisor-fixture", "count": 1},
            {"package": "tar", "count": 1},
            {"package": "zlib1g", "count": 1},
        ],
        "base_image": "docker.io/library/debian:bookworm-slim",
        "base_image_layers": 1,
        "base_image_vulns": 2,
        "base_image_fixable": 1,
        "base_image_by_history": True,
        "not_fixable": 1,
    }
