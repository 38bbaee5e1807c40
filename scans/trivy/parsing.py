"""Trivy's JSON report (SchemaVersion 2, checked against Trivy 0.76) → plain records and findings.

Secrets: only Trivy's masked `Match` is kept. The report also carries `Code.Lines`
(neighbouring lines in clear, even when they hold another credential Trivy did not
recognise) and the layer's `CreatedBy` (the RUN command that wrote the file): both
are dropped on purpose, and `masked_match` refuses a match with no mask in it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from scans.errors import ScanAppError
from scans.results import Finding, Severity, empty_refs

SEVERITIES = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "UNKNOWN": Severity.INFO,  # the summary still counts these as "unknown"
}
MAX_MATCH = 200
REDACTED = "[redacted: Trivy returned no masked text]"
SECRET_FIX = (
    "Remove the file from the build and rotate the credential: deleting it in a later layer "
    "leaves it in the image history. Pass build-time secrets with RUN --mount=type=secret."
)


@dataclass(frozen=True)
class Vulnerability:
    vuln_id: str
    package: str
    installed_version: str
    fixed_version: str  # "" when there is no fix yet
    severity: str  # Trivy's word: CRITICAL .. UNKNOWN
    title: str
    description: str
    primary_url: str
    target: str
    layer: str  # DiffID of the layer that installed the package
    status: str  # fixed | affected | will_not_fix ...

    @property
    def is_fixable(self) -> bool:
        return bool(self.fixed_version)


def load_report(text: str) -> dict[str, Any]:
    """Parse a report; ScanAppError("trivy.failed") when it is not Trivy's JSON."""
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScanAppError("trivy.failed", reason=f"unparseable JSON: {exc}") from exc
    if not isinstance(report, dict) or report.get("SchemaVersion") != 2:
        raise ScanAppError("trivy.failed", reason="not a Trivy SchemaVersion 2 report")
    return report


def results(report: dict[str, Any]) -> list[dict[str, Any]]:
    return list(report.get("Results") or [])


def display_target(report: dict[str, Any], result: dict[str, Any]) -> str:
    # Trivy names OS results after the archive path ("/var/tmp/x.tar (debian 12.15)"):
    # the host path means nothing to the user.
    # Secrets in ENV or history are reported against the archive itself: the image config.
    target = str(result.get("Target", ""))
    artifact = str(report.get("ArtifactName", ""))
    if artifact and target == artifact:
        return "image configuration"
    if artifact and target.startswith(artifact):
        return "image" + target[len(artifact) :]
    return target


def parse_vulnerabilities(report: dict[str, Any]) -> list[Vulnerability]:
    found = []
    for result in results(report):
        for item in result.get("Vulnerabilities") or []:
            found.append(
                Vulnerability(
                    vuln_id=item["VulnerabilityID"],
                    package=item.get("PkgName", ""),
                    installed_version=item.get("InstalledVersion", ""),
                    fixed_version=item.get("FixedVersion", ""),
                    severity=str(item.get("Severity", "UNKNOWN")).upper(),
                    title=item.get("Title", ""),
                    description=item.get("Description", ""),
                    primary_url=item.get("PrimaryURL", ""),
                    target=display_target(report, result),
                    layer=(item.get("Layer") or {}).get("DiffID", ""),
                    status=item.get("Status", ""),
                )
            )
    return found


def severity_of(word: str) -> Severity:
    return SEVERITIES.get(word.upper(), Severity.INFO)


def vulnerability_finding(vuln: Vulnerability, *, in_base_image: bool) -> Finding:
    fixed = f", fixed in {vuln.fixed_version}" if vuln.fixed_version else ", no fixed version yet"
    if vuln.fixed_version:
        fix = f"upgrade {vuln.package} to {vuln.fixed_version}"
    else:
        fix = f"no fix yet for {vuln.package}: watch {vuln.vuln_id}, or remove the package if unused"
    return Finding(
        rule=vuln.vuln_id,
        severity=severity_of(vuln.severity),
        title=vuln.title or vuln.vuln_id,
        message=f"{vuln.package} {vuln.installed_version} is affected by {vuln.vuln_id}{fixed}.",
        fix=fix,
        source="trivy",
        reason=vuln.description[:500],
        extra={
            "kind": "vulnerability",
            "package": vuln.package,
            "installed_version": vuln.installed_version,
            "fixed_version": vuln.fixed_version,
            "primary_url": vuln.primary_url,
            "target": vuln.target,
            "layer": vuln.layer,
            "in_base_image": in_base_image,
        },
    )


def masked_match(match: str) -> str:
    """Trivy's masked match line, or a placeholder when it holds no mask at all."""
    if "*" not in match:
        return REDACTED
    return match.strip()[:MAX_MATCH]


def secret_findings(report: dict[str, Any]) -> list[Finding]:
    found = []
    for result in results(report):
        for item in result.get("Secrets") or []:
            target = display_target(report, result)
            match = masked_match(item.get("Match", ""))
            line = item.get("StartLine")
            found.append(
                Finding(
                    rule=f"secret:{item.get('RuleID', 'unknown')}",
                    severity=severity_of(str(item.get("Severity", "UNKNOWN"))),
                    title=item.get("Title", "Secret"),
                    message=f"{item.get('Title', 'A secret')} in {target} line {line}: {match}",
                    fix=SECRET_FIX,
                    source="trivy",
                    extra={
                        "kind": "secret",
                        "target": target,
                        "secret_line": line,
                        "match": match,
                        "category": item.get("Category", ""),
                        "layer": (item.get("Layer") or {}).get("DiffID", ""),
                    },
                )
            )
    return found


_CHECK_ID = re.compile(r"^([A-Z]+)-?0*(\d+)$")


def normalise_check_id(check_id: str) -> str:
    """ "DS002", "DS-002" and "DS-0002" → "DS-0002" (Trivy 0.76 prints the last form)."""
    match = _CHECK_ID.match(check_id.strip().upper())
    if not match:
        return check_id
    return f"{match.group(1)}-{int(match.group(2)):04d}"


def misconfig_findings(report: dict[str, Any], *, quote_code: bool) -> list[Finding]:
    """Failed checks. `quote_code` only for the user's own Dockerfile: config files found
    inside an image are not the user's text and may hold credentials Trivy did not mask."""
    found = []
    for result in results(report):
        for item in result.get("Misconfigurations") or []:
            if item.get("Status", "FAIL") != "FAIL":
                continue
            found.append(misconfig_finding(item, result.get("Target", ""), quote_code=quote_code))
    return found


def misconfig_finding(item: dict[str, Any], target: str, *, quote_code: bool) -> Finding:
    check_id = normalise_check_id(item.get("ID") or item.get("AVDID", ""))
    cause = item.get("CauseMetadata") or {}
    lines = ((cause.get("Code") or {}).get("Lines")) or [] if quote_code else []
    refs = empty_refs()
    refs["trivy"] = (check_id,)
    return Finding(
        rule=check_id,
        severity=severity_of(str(item.get("Severity", "UNKNOWN"))),
        title=item.get("Title", check_id),
        message=item.get("Message", ""),
        fix=item.get("Resolution", ""),
        source="trivy",
        line=cause.get("StartLine"),
        code="\n".join(line["Content"] for line in lines if line.get("IsCause")),
        reason=item.get("Description", ""),
        refs=refs,
        extra={"kind": "misconfig", "target": target, "primary_url": item.get("PrimaryURL", "")},
    )
