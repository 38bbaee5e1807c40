"""Small helpers for the lint tests: lint a text, get (rule, line) pairs."""

from __future__ import annotations

from scans.lint.config import LintConfig
from scans.lint.stage import lint_dockerfile
from scans.results import Source


def hits(
    text: str, rule_id: str | None = None, config: LintConfig | None = None
) -> list[tuple[str, int | None]]:
    """(rule, line) of every finding, optionally only for one rule, in line order."""
    result = lint_dockerfile(Source(scan_code="test", dockerfile=text), config)
    assert result.error is None, result.error
    pairs = [(f.rule, f.line) for f in result.findings if rule_id is None or f.rule == rule_id]
    return sorted(pairs, key=lambda pair: (pair[1] or 0, pair[0]))


def lines_for(text: str, rule_id: str) -> list[int | None]:
    return [line for _, line in hits(text, rule_id)]
