"""The lint stage: Dockerfile text in, findings out. Pure and fast (no I/O)."""

from __future__ import annotations

from scans.lint.parsing import DockerfileSyntaxError, parse_dockerfile
from scans.lint.registry import RULES, LintFinding, all_rules
from scans.results import Finding, LintResult, Source, StageStatus, empty_refs, sort_findings


def lint_dockerfile(source: Source) -> LintResult:
    """Run every registered rule over `source.dockerfile`.

    Input: a Source. Output: a LintResult, COMPLETED with findings sorted worst
    first, or FAILED with `error` (message id `lint.parse_error`) when the text
    cannot be parsed as a Dockerfile. Budget: milliseconds; no tools are run.
    """
    try:
        dockerfile = parse_dockerfile(source.dockerfile)
    except DockerfileSyntaxError as exc:
        return LintResult(StageStatus.FAILED, error=str(exc), message_id="lint.parse_error")
    raw: list[LintFinding] = []
    for rule in all_rules():
        raw.extend(rule.check(dockerfile))
    findings = [to_finding(item, dockerfile.quote_lines(item.line, item.end_line)) for item in raw]
    return LintResult(StageStatus.COMPLETED, findings=tuple(sort_findings(findings)))


def to_finding(item: LintFinding, code: str) -> Finding:
    rule = RULES[item.rule_id]
    refs = empty_refs()
    refs.update(rule.refs)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=item.message,
        fix=item.fix or rule.fix,
        source="lint",
        line=item.line,
        code=code,
        reason=rule.reason,
        refs=refs,
    )
