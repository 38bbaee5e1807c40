"""One finding where our linter and Trivy's Dockerfile checks say the same thing.

Our rules list their Trivy peers in refs["trivy"] (e.g. ADV101 → DS-0002). The lint
findings carry those refs already, so no registry lookup is needed here. Matching:
1. IDs are normalised on both sides ("DS002" and "DS-0002" are the same check).
2. When Trivy names a line, a lint finding with that ref on the same line wins.
   Without a line (DS-0002 "no USER" has none), any lint finding with the ref does.
3. A Trivy check with a line that none of our findings shares stays a Trivy
   finding: it points at a place our rule did not flag (e.g. a stage we judge
   differently), and the user should see it.
All lint findings with a matched ref get the Trivy ID and "also_reported_by".
"""

from __future__ import annotations

from dataclasses import replace

from scans.results import Finding
from scans.trivy.parsing import normalise_check_id

DOCKERFILE_TARGET = "Dockerfile"


def merge_with_lint(lint_findings: list[Finding], trivy_findings: list[Finding]) -> list[Finding]:
    """Lint findings (enriched where Trivy agrees) followed by the Trivy findings left over."""
    merged = list(lint_findings)
    leftover: list[Finding] = []
    for trivy in trivy_findings:
        matches = matching_lint(merged, trivy) if is_dockerfile_check(trivy) else []
        if not matches:
            leftover.append(trivy)
            continue
        for index in matches:
            merged[index] = with_trivy_ref(merged[index], normalise_check_id(trivy.rule))
    return merged + leftover


def is_dockerfile_check(finding: Finding) -> bool:
    return finding.extra.get("kind") == "misconfig" and finding.extra.get("target") == DOCKERFILE_TARGET


def lint_refs(finding: Finding) -> set[str]:
    return {normalise_check_id(ref) for ref in finding.refs.get("trivy", ())}


def matching_lint(lint_findings: list[Finding], trivy: Finding) -> list[int]:
    check_id = normalise_check_id(trivy.rule)
    candidates = [i for i, f in enumerate(lint_findings) if f.source == "lint" and check_id in lint_refs(f)]
    if trivy.line is None:
        return candidates
    return [i for i in candidates if lint_findings[i].line == trivy.line]


def with_trivy_ref(finding: Finding, check_id: str) -> Finding:
    refs = dict(finding.refs)
    existing = tuple(refs.get("trivy", ()))
    if check_id not in {normalise_check_id(ref) for ref in existing}:
        refs["trivy"] = existing + (check_id,)
    extra = dict(finding.extra)
    extra["also_reported_by"] = sorted(set(extra.get("also_reported_by", [])) | {"trivy"})
    return replace(finding, refs=refs, extra=extra)
