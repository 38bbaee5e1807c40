"""`--fix`: rewrite a Dockerfile where a mechanical change is safe.

Each fixer reads the parsed file and returns line edits; edits never overlap
because each fixer owns different instructions, and they are applied bottom-up
so earlier line numbers stay valid. A fixer that cannot be sure (heredocs,
unparsable shell) leaves the text alone: a wrong fix is worse than none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from scans.lint.fixers import FIXERS
from scans.lint.fixers_base import Edit
from scans.lint.parsing import DockerfileSyntaxError, parse_dockerfile
from scans.lint.stage import lint_dockerfile
from scans.results import Source


@dataclass(frozen=True)
class FixResult:
    text: str  # the hardened Dockerfile (the input unchanged when nothing applied)
    diff: str  # unified diff a/Dockerfile -> b/Dockerfile, "" when nothing applied
    applied: tuple[str, ...]  # rule ids whose findings the edits address, sorted


def fix_dockerfile(text: str, *, uid: int = 5000, gid: int = 5000, user: str = "app") -> FixResult:
    """Apply every safe fix to `text`.

    Input: Dockerfile text; the UID/GID/name of the user to create when the image
    runs as root. Output: FixResult. Unparsable input comes back unchanged with
    nothing applied (the lint result already explains the parse error).
    """
    try:
        dockerfile = parse_dockerfile(text)
    except DockerfileSyntaxError:
        return FixResult(text, "", ())
    # Fixers act only where a finding is, so every edit answers a reported problem.
    findings = lint_dockerfile(Source(scan_code="fix", dockerfile=text)).findings
    flagged = {(f.rule, f.line) for f in findings}
    edits: list[Edit] = []
    for fixer in FIXERS:
        edits.extend(fixer(dockerfile, flagged, uid=uid, gid=gid, user=user))
    edits = drop_overlaps(edits)
    if not edits:
        return FixResult(text, "", ())
    fixed = apply_edits(text, edits)
    return FixResult(
        fixed, unified_diff(text, fixed), tuple(sorted({rule for e in edits for rule in e.rules}))
    )


def drop_overlaps(edits: list[Edit]) -> list[Edit]:
    """Keep the first edit of any overlapping pair (fixers are ordered by priority)."""
    kept: list[Edit] = []
    for edit in edits:
        if not any(edit.overlaps(other) for other in kept):
            kept.append(edit)
    return kept


def apply_edits(text: str, edits: list[Edit]) -> str:
    lines = text.splitlines()
    # Insertions at the same line keep their order; replacements go bottom-up.
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]), reverse=True)
    for _, edit in ordered:
        lines[edit.start - 1 : edit.end] = list(edit.lines)
    return "\n".join(lines) + "\n"


def unified_diff(before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True) if before.endswith("\n") else (before + "\n").splitlines(True),
            after.splitlines(keepends=True),
            fromfile="a/Dockerfile",
            tofile="b/Dockerfile",
        )
    )
