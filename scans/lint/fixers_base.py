"""The edit type shared by the fixers."""

from __future__ import annotations

from dataclasses import dataclass

Flagged = set[tuple[str, int | None]]  # (rule id, line) of every finding in the input


@dataclass(frozen=True)
class Edit:
    """Replace lines start..end (1-based, inclusive); end = start - 1 inserts before start."""

    start: int
    end: int
    lines: tuple[str, ...]
    rules: tuple[str, ...]  # the findings this edit resolves

    def overlaps(self, other: Edit) -> bool:
        if self.end < self.start or other.end < other.start:
            return False
        return self.start <= other.end and other.start <= self.end
