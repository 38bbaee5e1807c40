from __future__ import annotations

from scans.lint.config import LintConfig
from scans.lint.stage import lint_dockerfile
from scans.lint.suppressions import normalise_id, parse_pragma
from scans.results import Severity, Source
from tests.unit.lint.helpers import hits

BASE = 'FROM debian:12\nHEALTHCHECK CMD ["true"]\n'


def test_it_honours_hadolint_ignore_for_the_next_instruction_only() -> None:
    text = BASE + "# hadolint ignore=DL3003\nRUN cd /a && make\nRUN cd /b && make\nUSER 5000\n"
    assert hits(text, "ADV705") == [("ADV705", 5)]


def test_it_honours_hadolint_global_ignore() -> None:
    text = "# hadolint global ignore=DL3003\n" + BASE + "RUN cd /a && make\nUSER 5000\n"
    assert hits(text, "ADV705") == []


def test_it_maps_trivy_ids_in_any_spelling() -> None:
    assert normalise_id("DS002") == normalise_id("AVD-DS-0002") == normalise_id("ds-0002") == "DS-0002"
    text = BASE + "# trivy:ignore:DS002\nUSER root\n"
    assert hits(text, "ADV102") == []


def test_it_keeps_the_reason_of_an_advisor_pragma() -> None:
    assert parse_pragma(" advisor ignore=ADV101, ADV703 -- probes run in k8s") == (
        False,
        {"ADV101", "ADV703"},
        "probes run in k8s",
    )
    assert parse_pragma(" just a comment") is None


def test_it_counts_suppressed_findings() -> None:
    text = BASE + "# advisor ignore=ADV705 -- legacy\nRUN cd /a && make\nUSER 5000\n"
    result = lint_dockerfile(Source(scan_code="t", dockerfile=text))
    assert [f.rule for f in result.findings if f.rule == "ADV705"] == []
    assert result.suppressed == 1


def test_it_ignores_and_overrides_through_config_with_peer_ids() -> None:
    config = LintConfig(ignored=frozenset({"DL3057"}), severity_overrides={"DL3003": Severity.HIGH})
    text = "FROM debian:12\nRUN cd /a && make\nUSER 5000\n"
    result = lint_dockerfile(Source(scan_code="t", dockerfile=text), config)
    by_rule = {f.rule: f.severity for f in result.findings}
    assert "ADV703" not in by_rule
    assert by_rule["ADV705"] == Severity.HIGH
