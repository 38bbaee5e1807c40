from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from scans.lint.cli import FileReport, lint_one
from scans.lint.config import LintConfig
from scans.lint.registry import all_rules
from scans.lint.sarif import render_sarif

DATA = Path(__file__).resolve().parents[2] / "data" / "lint"
# The OASIS standard (errata01) and the rtm.5 text GitHub code scanning documents; see
# tests/data/lint/SARIF_SCHEMA_SOURCE.md for where each comes from.
SCHEMAS = [DATA / "sarif-schema-2.1.0.json", DATA / "sarif-schema-2.1.0-rtm.5.json"]


def sarif_for(reports: list[FileReport]) -> dict:
    log = json.loads(render_sarif(reports))
    for schema in SCHEMAS:
        jsonschema.Draft4Validator(json.loads(schema.read_text())).validate(log)
    return log


def test_it_rejects_a_log_the_official_schema_forbids() -> None:
    log = json.loads(render_sarif([lint_one("D", b"FROM a\n", LintConfig())]))
    log["runs"][0]["results"][0]["level"] = "fatal"
    errors = list(jsonschema.Draft4Validator(json.loads(SCHEMAS[0].read_text())).iter_errors(log))
    assert [e.message for e in errors] == ["'fatal' is not one of ['none', 'note', 'warning', 'error']"]


def test_it_validates_against_the_sarif_schema_with_results_and_a_fix() -> None:
    report = lint_one(
        "app/Dockerfile", b'FROM debian:12\nRUN apt-get install curl\nCMD ["app"]\n', LintConfig(), fix=True
    )
    log = sarif_for([report])
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in all_rules()]
    adv101 = next(r for r in run["results"] if r["ruleId"] == "ADV101")
    assert adv101["level"] == "error"
    assert adv101["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/Dockerfile"},
        "region": {"startLine": 1, "endLine": 1, "snippet": {"text": "FROM debian:12"}},
    }
    inserted = adv101["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
    assert "USER 5000:5000" in inserted


def test_it_reports_unreadable_files_as_notifications() -> None:
    log = sarif_for([lint_one("bad", b"", LintConfig())])
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes == [{"level": "error", "message": {"text": "bad: file is empty"}}]
    assert log["runs"][0]["results"] == []


def test_it_carries_reason_fix_and_peer_refs_in_rule_metadata() -> None:
    rule = next(r for r in sarif_for([])["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "ADV402")
    assert rule["properties"]["refs"]["hadolint"] == ["DL3020"]
    assert "Fix: Replace ADD with COPY" in rule["help"]["text"]
