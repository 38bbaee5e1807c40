"""Checklist items about what is inside the image: secrets, base, vulnerabilities, extras."""

from __future__ import annotations

from scans.report.catalog import LINT_RULES, make_item, not_checked, quote_findings
from scans.report.evidence import Evidence, join_limited
from scans.report.runtime import RunPlan
from scans.results import ChecklistItem, CheckStatus, Finding, Severity

SECRETS_FIX = (
    "Remove the secret from the Dockerfile and the build context, rotate it, and pass it at build time:\n"
    "RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ...\n"
    "(docker build --secret id=token,src=token.txt .)"
)


def secret_in_layer(finding: Finding) -> str:
    where = finding.extra.get("target") or finding.extra.get("file") or finding.extra.get("path")
    return f"{finding.title} in {where}" if where else finding.title


def check_no_secrets(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if not ev.lint_ran and not ev.trivy_ran:
        return not_checked("no-secrets", "neither the Dockerfile nor the image could be read", SECRETS_FIX)
    problems = []
    # The lint message, not the quoted line: the line itself may contain the secret.
    lint_hits = ev.lint_hits(LINT_RULES["no-secrets"])
    problems.extend(f"line {f.line}: {f.message}" if f.line else f.message for f in lint_hits[:3])
    layer_hits = ev.trivy_secrets()
    if layer_hits:
        found = join_limited([secret_in_layer(f) for f in layer_hits], 3)
        problems.append(f"{len(layer_hits)} in the image layers (Trivy): {found}")
    if problems:
        return make_item("no-secrets", CheckStatus.FAIL, "; ".join(problems), SECRETS_FIX)
    static_part = "no credential-like ENV/ARG or key files (lint)" if ev.lint_ran else "Dockerfile not parsed"
    layers = (
        "no secrets in the image layers (Trivy)"
        if ev.trivy_ran
        else f"layers not scanned: {ev.trivy_missing}"
    )
    return make_item("no-secrets", CheckStatus.PASS, f"{static_part}; {layers}", SECRETS_FIX)


def base_image_advice(ev: Evidence) -> str:
    """What Trivy says a newer base would change, from the trivy stage's details."""
    details = ev.trivy.details if ev.trivy_ran and ev.trivy.vuln_db == "available" else {}
    in_base = int(details.get("base_image_vulns") or 0)
    if not in_base:
        return ""
    fixable = int(details.get("base_image_fixable") or 0)
    name = f" ({details['base_image']})" if details.get("base_image") else ""
    advice = f"; {in_base} of the vulnerabilities come from the base image{name} (Trivy)"
    return advice + (f", {fixable} fixed in newer packages: rebuild on a newer base" if fixable else "")


def check_base_pinned(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = (
        "Pin the base image by version and digest and rebuild it regularly: FROM image:1.2.3@sha256:<digest>"
    )
    if not ev.lint_ran:
        return not_checked("base-pinned", "the Dockerfile could not be parsed", fix)
    advice = base_image_advice(ev)
    unpinned = ev.lint_hits(LINT_RULES["base-pinned"])
    if unpinned:
        return make_item("base-pinned", CheckStatus.FAIL, quote_findings(unpinned) + advice, fix)
    no_digest = ev.lint_hits(LINT_RULES["base-digest"])
    if no_digest:
        evidence = f"{quote_findings(no_digest)}: pinned by tag, not by digest{advice}"
        return make_item("base-pinned", CheckStatus.WARN, evidence, fix)
    return make_item("base-pinned", CheckStatus.PASS, f"{ev.static.base}{advice}", fix)


VULN_SEVERITIES = ("critical", "high", "medium", "low")


def check_vulns(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    threshold = Severity(ev.vuln_threshold)
    fix = (
        f"Rebuild on a newer base image and upgrade the packages Trivy lists as fixable, "
        f"until nothing at or above {threshold} remains"
    )
    if not ev.trivy_ran:
        return not_checked("vulns-under-threshold", ev.trivy_missing, fix)
    if ev.trivy.vuln_db != "available":
        return not_checked("vulns-under-threshold", "the vulnerability database is unavailable", fix)
    summary = {key: int(ev.trivy.summary.get(key, 0)) for key in (*VULN_SEVERITIES, "fixable")}
    counts = ", ".join(f"{summary[key]} {key}" for key in VULN_SEVERITIES)
    over = sum(summary[key] for key in VULN_SEVERITIES if Severity(key).rank >= threshold.rank)
    if over:
        evidence = f"{counts} (Trivy): {over} at or above {threshold}, {summary['fixable']} fixable"
        return make_item("vulns-under-threshold", CheckStatus.FAIL, evidence, fix)
    evidence = f"{counts} (Trivy): none at or above {threshold}"
    return make_item("vulns-under-threshold", CheckStatus.PASS, evidence, fix)


HEALTHCHECK_FIX = (
    "Add a HEALTHCHECK that exercises the app without a shell:\n"
    'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]'
)


def check_healthcheck(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if not ev.lint_ran:
        return not_checked("healthcheck", "the Dockerfile could not be parsed", HEALTHCHECK_FIX)
    found = ev.static.healthcheck
    hits = ev.lint_hits(LINT_RULES["healthcheck"])
    if found is None:
        return make_item(
            "healthcheck", CheckStatus.WARN, "no HEALTHCHECK in the final stage", HEALTHCHECK_FIX
        )
    if [word.upper() for word in found.text.split()[1:2]] == ["NONE"]:
        evidence = f"{found}: disables the base image's health check"
        return make_item("healthcheck", CheckStatus.WARN, evidence, HEALTHCHECK_FIX)
    if hits:
        return make_item("healthcheck", CheckStatus.WARN, quote_findings(hits), HEALTHCHECK_FIX)
    return make_item("healthcheck", CheckStatus.PASS, str(found), HEALTHCHECK_FIX)


MINIMAL_FIX = (
    "Build in one stage and copy only the app into a slim or distroless final stage:\n"
    "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app"
)


def check_minimal_image(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if ev.image is None:
        return not_checked("minimal-image", ev.probe_missing, MINIMAL_FIX)
    present = [
        name
        for name, flag in (
            ("a shell", ev.image.has_shell),
            ("a package manager", ev.image.has_package_manager),
        )
        if flag
    ]
    if present:
        evidence = f"{' and '.join(present)} in the final image (probe): an attacker's toolkit comes included"
        return make_item("minimal-image", CheckStatus.WARN, evidence, MINIMAL_FIX)
    return make_item(
        "minimal-image", CheckStatus.PASS, "no shell and no package manager (probe)", MINIMAL_FIX
    )
