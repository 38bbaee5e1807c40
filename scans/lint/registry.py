"""The rule registry: each rule's metadata lives next to its check, in one place.

The CLI's --list-rules, docs/rules.md and the UI's rules page all read RULES, so
the metadata has a single source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scans.lint.parsing import Dockerfile, Instruction
from scans.results import Severity


@dataclass(frozen=True)
class LintFinding:
    """What a rule check yields; the stage turns it into a results.Finding."""

    rule_id: str
    line: int | None
    message: str
    fix: str | None = None  # overrides the rule's generic fix with a concrete one
    end_line: int | None = None


def at(rule_id: str, inst: Instruction, message: str, fix: str | None = None) -> LintFinding:
    """A finding that points at a whole instruction (its lines are quoted in the report)."""
    return LintFinding(rule_id, inst.line, message, fix, inst.last_line)


Check = Callable[[Dockerfile], Iterable[LintFinding]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    reason: str
    fix: str
    check: Check
    refs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    guide: str = ""  # which hardening-guide item it serves
    peer_notes: str = ""  # where and why we deliberately differ from the peers in refs


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    reason: str,
    fix: str,
    refs: dict[str, tuple[str, ...]] | None = None,
    guide: str = "",
    peer_notes: str = "",
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(
            rule_id, title, severity, reason, fix, check, dict(refs or {}), guide, peer_notes
        )
        return check

    return register


def all_rules() -> list[Rule]:
    # Importing the rule modules registers them; done here so callers need one import.
    from scans.lint import rules  # noqa: F401

    return sorted(RULES.values(), key=lambda r: r.id)
