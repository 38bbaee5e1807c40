"""The checklist's items: stable ids, titles, weights, and which lint rules feed each.

Item ids are part of the scan JSON contract (docs/report-schema.md): never rename
one; add new ones at the end. The weight says how much an item matters for the
grade and for the "top three changes" (see grading.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from scans.results import ChecklistItem, CheckStatus, Finding


@dataclass(frozen=True)
class ItemSpec:
    id: str
    title: str
    weight: int


ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("non-root", "Runs as a non-root user", 5),
    ItemSpec("fixed-uid", "Fixed numeric UID and GID", 3),
    ItemSpec("copy-chown", "App files owned by the app user via COPY --chown", 1),
    ItemSpec("no-escalation", "No privilege-escalation paths (sudo, SUID/SGID, setcap)", 4),
    ItemSpec("cap-drop-all", "Starts with --cap-drop=ALL", 4),
    ItemSpec("read-only-rootfs", "Starts with a read-only root filesystem", 3),
    ItemSpec("no-new-privileges", "Starts with no-new-privileges", 2),
    ItemSpec("low-ports", "No ports below 1024, or NET_BIND_SERVICE only", 2),
    ItemSpec("no-secrets", "No secrets in ENV, ARG or image layers", 5),
    ItemSpec("base-pinned", "Base image pinned", 2),
    ItemSpec("vulns-under-threshold", "Vulnerabilities under the threshold", 4),
    ItemSpec("healthcheck", "HEALTHCHECK present", 1),
    ItemSpec("logs-stdout", "Logs go to stdout/stderr", 1),
    ItemSpec("minimal-image", "No shell or package manager in the final image", 1),
    ItemSpec("default-security-profiles", "Default seccomp/AppArmor/SELinux profiles kept", 2),
)
SPECS = {spec.id: spec for spec in ITEMS}

# Lint rule ids (scans/lint/rules) whose findings are evidence for an item.
# tests/unit/report/test_catalog.py checks that every id here exists in the registry.
LINT_RULES: dict[str, tuple[str, ...]] = {
    "non-root": ("ADV101", "ADV102"),
    "fixed-uid": ("ADV105",),  # a USER given by name (ADV104) is judged from the USER itself
    "copy-chown": ("ADV403", "ADV205"),
    "no-escalation": ("ADV201", "ADV202", "ADV203", "ADV204", "ADV206", "ADV207", "ADV302"),
    "low-ports": ("ADV301",),
    "no-secrets": ("ADV507", "ADV508", "ADV509"),
    "base-pinned": ("ADV501",),
    "base-digest": ("ADV503",),  # no digest pin: a warning, not a failure, of base-pinned
    "healthcheck": ("ADV703", "ADV704"),
    "logs-stdout": ("ADV408",),
}


def make_item(item_id: str, status: CheckStatus, evidence: str, fix: str) -> ChecklistItem:
    spec = SPECS[item_id]
    return ChecklistItem(spec.id, spec.title, status, evidence, fix, spec.weight)


def not_checked(item_id: str, why: str, fix: str) -> ChecklistItem:
    return make_item(item_id, CheckStatus.NOT_CHECKED, f"not checked: {why}", fix)


def quote_finding(finding: Finding) -> str:
    """`line 3: USER root`: the Dockerfile line a lint finding points at."""
    code = finding.code.strip().splitlines()[0].rstrip("\\").strip() if finding.code.strip() else ""
    if finding.line is None:
        return finding.message
    return f"line {finding.line}: {code}" if code else f"line {finding.line}: {finding.message}"


def quote_findings(findings: list[Finding], limit: int = 3) -> str:
    quoted = list(dict.fromkeys(quote_finding(f) for f in findings))
    shown = "; ".join(quoted[:limit])
    return f"{shown} (+{len(quoted) - limit} more)" if len(quoted) > limit else shown
