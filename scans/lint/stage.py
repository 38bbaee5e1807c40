"""The lint stage: Dockerfile text in, findings out. Pure and fast (no I/O)."""

from __future__ import annotations

from dataclasses import replace

from scans.lint.config import LintConfig
from scans.lint.onbuild import trigger_findings
from scans.lint.parsing import Dockerfile, DockerfileSyntaxError, parse_dockerfile
from scans.lint.registry import RULES, LintFinding, all_rules
from scans.lint.suppressions import finding_ids, normalise_id, read_suppressions
from scans.results import Finding, LintResult, Source, StageStatus, empty_refs, sort_findings


def lint_dockerfile(source: Source, config: LintConfig | None = None) -> LintResult:
    """Run every registered rule over `source.dockerfile`.

    Input: a Source and an optional LintConfig (ignored ids, trusted registries,
    severity overrides; peer ids such as DL3008 or DS-0002 work too). Output: a
    LintResult, COMPLETED with findings sorted worst first and `suppressed`
    counting what pragmas or config silenced, or FAILED with `error` (message id
    `lint.parse_error`) when the text cannot be read as a Dockerfile.
    Budget: milliseconds; no tools are run.
    """
    config = config or LintConfig()
    try:
        dockerfile = parse_dockerfile(source.dockerfile)
    except DockerfileSyntaxError as exc:
        return LintResult(StageStatus.FAILED, error=str(exc), message_id="lint.parse_error")
    dockerfile.memo["config"] = config
    raw: list[LintFinding] = []
    for rule in all_rules():
        raw.extend(rule.check(dockerfile))
    raw.extend(trigger_findings(dockerfile))  # after the rules: they registered themselves
    findings = [to_finding(item, dockerfile) for item in dedupe(raw)]
    kept = apply_config(findings, dockerfile, config)
    return LintResult(
        StageStatus.COMPLETED, findings=tuple(sort_findings(kept)), suppressed=len(findings) - len(kept)
    )


def dedupe(raw: list[LintFinding]) -> list[LintFinding]:
    """One finding per rule and line: a RUN with two apt-get installs is one problem to fix."""
    seen: set[tuple[str, int | None]] = set()
    unique: list[LintFinding] = []
    for item in raw:
        key = (item.rule_id, item.line)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def apply_config(findings: list[Finding], dockerfile: Dockerfile, config: LintConfig) -> list[Finding]:
    suppressions = read_suppressions(dockerfile)
    ignored = frozenset(normalise_id(x) for x in config.ignored)
    overrides = {normalise_id(k): v for k, v in config.severity_overrides.items()}
    kept: list[Finding] = []
    for finding in findings:
        if suppressions.silences(finding, ignored):
            continue
        ids = finding_ids(finding)
        # our own id wins over a peer id when both are overridden
        override = overrides.get(finding.rule) or next(
            (overrides[i] for i in sorted(ids) if i in overrides), None
        )
        kept.append(replace(finding, severity=override) if override else finding)
    return kept


def to_finding(item: LintFinding, dockerfile: Dockerfile) -> Finding:
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
        code=dockerfile.quote_lines(item.line, item.end_line),
        reason=rule.reason,
        refs=refs,
    )
