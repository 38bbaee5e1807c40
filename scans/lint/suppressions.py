"""Inline pragmas that silence findings, in the dialects users already write.

    # hadolint ignore=DL3008,DL3015        next instruction only
    # hadolint global ignore=DL3003        whole file
    # trivy:ignore:DS-0002                 next instruction (Trivy's own ids, mapped via refs)
    # advisor ignore=ADV101 -- reason      next instruction; the reason is kept for the report
    # advisor global ignore=ADV703 -- reason

A pragma names either our id or a peer's; a finding is silenced when its rule id
or any of its refs matches, so existing hadolint/Trivy suppressions keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scans.lint.parsing import Dockerfile
from scans.results import Finding

HADOLINT_RE = re.compile(r"^\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w\-, ]+)", re.IGNORECASE)
ADVISOR_RE = re.compile(
    r"^\s*advisor\s+(global\s+)?ignore\s*=\s*([\w\-, ]+?)\s*(?:--\s*(.*))?$", re.IGNORECASE
)
TRIVY_RE = re.compile(r"trivy:ignore:([\w\-]+)", re.IGNORECASE)
TRIVY_ID_RE = re.compile(r"^(?:AVD-)?DS-?0*(\d+)$", re.IGNORECASE)


def normalise_id(rule_id: str) -> str:
    """DS002, AVD-DS-0002 and ds-0002 all mean Trivy's DS-0002; other ids are upper-cased."""
    text = rule_id.strip().upper()
    match = TRIVY_ID_RE.match(text)
    return f"DS-{int(match.group(1)):04d}" if match else text


@dataclass(frozen=True)
class Suppressions:
    global_ids: frozenset[str] = frozenset()
    # (first line, last line) of an instruction -> ids silenced there
    ranges: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # our id -> reason given in the pragma

    def silences(self, finding: Finding, extra_ids: frozenset[str] = frozenset()) -> bool:
        names = finding_ids(finding)
        if names & (self.global_ids | extra_ids):
            return True
        if finding.line is None:
            return False
        return any(
            first <= finding.line <= last and names & ids for (first, last), ids in self.ranges.items()
        )


def finding_ids(finding: Finding) -> frozenset[str]:
    ids = {normalise_id(finding.rule)}
    for refs in finding.refs.values():
        ids.update(normalise_id(ref) for ref in refs)
    return frozenset(ids)


def parse_pragma(comment: str) -> tuple[bool, set[str], str] | None:
    """(is_global, ids, reason) for a pragma comment, or None for an ordinary comment."""
    text = comment.strip().lstrip("#").strip()
    for pattern in (ADVISOR_RE, HADOLINT_RE):
        match = pattern.match(text)
        if match:
            ids = {normalise_id(x) for x in re.split(r"[,\s]+", match.group(2)) if x.strip()}
            reason = match.group(3) if pattern is ADVISOR_RE and match.group(3) else ""
            return bool(match.group(1)), ids, reason.strip()
    trivy = TRIVY_RE.findall(text)
    if trivy:
        return False, {normalise_id(x) for x in trivy}, ""
    return None


def read_suppressions(dockerfile: Dockerfile) -> Suppressions:
    global_ids: set[str] = set()
    ranges: dict[tuple[int, int], set[str]] = {}
    reasons: dict[str, str] = {}
    starts = sorted(dockerfile.instructions, key=lambda i: i.line)
    for line, comment in sorted(dockerfile.comments.items()):
        pragma = parse_pragma(comment)
        if pragma is None:
            continue
        is_global, ids, reason = pragma
        reasons.update({rule_id: reason for rule_id in ids if reason})
        if is_global:
            global_ids |= ids
            continue
        target = next((i for i in starts if i.line > line), None)
        if target is not None:
            ranges.setdefault((target.line, target.end_line), set()).update(ids)
    return Suppressions(frozenset(global_ids), {k: frozenset(v) for k, v in ranges.items()}, reasons)
