"""Exports of the scan JSON: SARIF 2.1.0, Markdown, and the before/after view.

Pure functions over the scan JSON dict (docs/report-schema.md), so the web
views, `manage.py scan` and the tests all share them. SARIF reuses the linter's
writer (scans/lint/sarif.py) for rule metadata and results, and adds rules for
what only the scan has: Trivy's vulnerabilities, secrets and checks, and probe findings.
"""

from __future__ import annotations

from typing import Any

from scans.lint.registry import all_rules
from scans.lint.sarif import LEVELS, SCHEMA_URI, SECURITY_SEVERITY, sarif_result, sarif_rule
from scans.report.markdown import to_markdown
from scans.report.verification import compare_verification, verification_verdict
from scans.results import REF_KINDS, Finding, Severity

__all__ = [
    "compare_verification",
    "summarize_verification",
    "to_markdown",
    "to_sarif",
    "verification_verdict",
]
TOOL_NAME = "dockerfile-hardening-advisor"
FINDING_KEYS = ("rule", "severity", "title", "message", "fix", "source", "line", "code", "reason", "refs")


def to_sarif(scan_json: dict[str, Any], dockerfile_path: str = "Dockerfile") -> dict[str, Any]:
    """One SARIF run: every finding of the scan, each located in the Dockerfile.

    Findings without a line (an image's vulnerabilities, secrets in layers) point
    at line 1, the file as a whole: code-scanning UIs drop results without a region.
    """
    findings = [finding_from_json(item) for item in scan_json.get("findings") or []]
    rules = [sarif_rule(rule) for rule in all_rules()]
    known = {rule["id"] for rule in rules}
    for finding in findings:
        if finding.rule not in known:
            rules.append(scan_rule(finding))
            known.add(finding.rule)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = [with_source(sarif_result(finding, dockerfile_path, index), finding) for finding in findings]
    run = {
        "tool": {"driver": {"name": TOOL_NAME, "semanticVersion": "0.1.0", "rules": rules}},
        "automationDetails": {"id": f"{TOOL_NAME}/{scan_json.get('id', '')}"},
        "invocations": [{"executionSuccessful": scan_json.get("status") == "completed"}],
        "results": results,
        "properties": {"grade": scan_json.get("grade"), "scanId": scan_json.get("id")},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def finding_from_json(item: dict[str, Any]) -> Finding:
    """A scan JSON finding back into a Finding, so the linter's SARIF writer can take it."""
    try:
        severity = Severity(item.get("severity", "info"))
    except ValueError:
        severity = Severity.INFO
    refs = item.get("refs") or {}
    return Finding(
        rule=str(item.get("rule", "unknown")),
        severity=severity,
        title=item.get("title") or "",
        message=item.get("message") or "",
        fix=item.get("fix") or "",
        source=item.get("source") or "lint",
        line=item.get("line") if isinstance(item.get("line"), int) else None,
        code=item.get("code") or "",
        reason=item.get("reason") or "",
        refs={kind: tuple(refs.get(kind) or ()) for kind in REF_KINDS},
        extra={key: value for key, value in item.items() if key not in FINDING_KEYS},
    )


def scan_rule(finding: Finding) -> dict[str, Any]:
    """Rule metadata for a finding that is not one of our lint rules (CVE, secret, Trivy check)."""
    rule: dict[str, Any] = {
        "id": finding.rule,
        "name": finding.title or finding.rule,
        "shortDescription": {"text": finding.title or finding.rule},
        "fullDescription": {"text": finding.reason or finding.message or finding.rule},
        "help": {"text": f"Fix: {finding.fix}" if finding.fix else finding.message or finding.rule},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "tags": ["security", finding.source],
            "security-severity": SECURITY_SEVERITY[finding.severity],
            "severity": str(finding.severity),
        },
    }
    url = finding.extra.get("primary_url")
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        rule["helpUri"] = url
    return rule


def with_source(result: dict[str, Any], finding: Finding) -> dict[str, Any]:
    result["properties"] = {**result.get("properties", {}), "source": finding.source}
    for key in ("package", "installed_version", "fixed_version"):
        if finding.extra.get(key):
            result["properties"][key] = finding.extra[key]
    return result


def summarize_verification(
    scan_json: dict[str, Any], parent_json: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """What templates/scans/parts/verification.html shows: {"scan_id", "status", "verdict", "rows"}.

    On the original scan's page pass its JSON alone (its `verification` object is used);
    on a verify scan's page pass the verify scan's JSON and the original's as `parent_json`.
    None when there is nothing to compare yet.
    """
    if parent_json is not None:
        original = parent_json
        verification = {
            **scan_json,
            "scan_id": scan_json.get("id"),
            "status": scan_json.get("status"),
            "checklist": scan_json.get("checklist") or [],
        }
    else:
        original, verification = scan_json, scan_json.get("verification")
    if not verification:
        return None
    return {
        "scan_id": verification.get("scan_id"),
        "original_id": original.get("id"),
        "status": verification.get("status"),
        "verdict": verification_verdict(original, verification),
        "rows": compare_verification(original.get("checklist") or [], verification.get("checklist") or []),
    }
