"""SARIF 2.1.0 output for `manage.py lint --format sarif` (code-scanning UIs read it).

Rule metadata (title, reason, fix, peer refs) goes into tool.driver.rules; each
finding becomes a result pointing at its Dockerfile lines. When --fix produced a
hardened file, the first result of each fixed rule carries it as a SARIF fix.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scans.lint.registry import Rule, all_rules
from scans.results import Finding, Severity

if TYPE_CHECKING:
    from scans.lint.cli import FileReport

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning sorts by this number (0-10) when present.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def sarif_rule(rule: Rule) -> dict[str, Any]:
    refs = {kind: list(ids) for kind, ids in rule.refs.items() if ids}
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.reason},
        "help": {
            "text": f"{rule.reason}\n\nFix: {rule.fix}",
            "markdown": f"{rule.reason}\n\n**Fix:**\n\n```\n{rule.fix}\n```",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["security", "dockerfile"],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "severity": str(rule.severity),
            "refs": refs,
        },
    }


def sarif_result(finding: Finding, path: str, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line or 1}
    if finding.code:
        region["endLine"] = region["startLine"] + finding.code.count("\n")
        region["snippet"] = {"text": finding.code}
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_for(path)}, "region": region}}],
        "properties": {"severity": str(finding.severity)},
    }


def uri_for(path: str) -> str:
    return "stdin" if path == "-" else path.replace("\\", "/").lstrip("./") or path


def whole_file_fix(report: FileReport) -> dict[str, Any]:
    assert report.fix is not None
    lines = report.text.count("\n") + (0 if report.text.endswith("\n") else 1)
    return {
        "description": {"text": "Hardened Dockerfile (manage.py lint --fix)"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri_for(report.path)},
                "replacements": [
                    {
                        "deletedRegion": {"startLine": 1, "endLine": max(lines, 1)},
                        "insertedContent": {"text": report.fix.text},
                    }
                ],
            }
        ],
    }


def file_results(report: FileReport, index: dict[str, int]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    pending = set(report.fix.applied) if report.fix else set()
    for finding in report.findings:
        result = sarif_result(finding, report.path, index)
        if finding.rule in pending:
            result["fixes"] = [whole_file_fix(report)]
            pending.discard(finding.rule)
        results.append(result)
    return results


def render_sarif(reports: list[FileReport]) -> str:
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [r for report in reports for r in file_results(report, index)]
    notifications = [
        {"level": "error", "message": {"text": f"{report.path}: {report.error}"}}
        for report in reports
        if report.error
    ]
    invocation = {"executionSuccessful": True, "toolExecutionNotifications": notifications}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dockerfile-hardening-advisor",
                        "semanticVersion": "0.1.0",
                        "rules": [sarif_rule(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2)
