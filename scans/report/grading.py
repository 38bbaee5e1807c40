"""The grade (A to F) and the three changes that matter most.

The formula, also documented in docs/report-schema.md:

1. Each checked item earns its weight times a credit: pass 1, warn 0.5, fail 0.
   `not checked` items count neither for nor against.
2. score = 100 * earned / (sum of the checked items' weights).
3. Letter: A >= 90, B >= 80, C >= 65, D >= 50, else F.
4. Caps, applied after the letter:
   - `non-root` or `no-secrets` fails: F (a root container or a leaked secret fails, whatever else);
   - any other item fails: at best B (an A has no failing item);
   - less than half of the total weight could be checked, or none of the runtime items
     (the probe did not run): at best C (too little evidence).
5. Nothing could be checked at all: F.
"""

from __future__ import annotations

from scans.report.catalog import ITEMS
from scans.results import ChecklistItem, CheckStatus

CREDIT = {CheckStatus.PASS: 1.0, CheckStatus.WARN: 0.5, CheckStatus.FAIL: 0.0}
LETTERS = ((90.0, "A"), (80.0, "B"), (65.0, "C"), (50.0, "D"))
GRADE_ORDER = "ABCDF"
FAILS_THE_SCAN = frozenset({"non-root", "no-secrets"})
# Measured only by running the image: without them a grade rests on the Dockerfile alone.
RUNTIME_ITEMS = frozenset({"cap-drop-all", "read-only-rootfs", "no-new-privileges"})
TOTAL_WEIGHT = sum(spec.weight for spec in ITEMS)


def score_checklist(items: tuple[ChecklistItem, ...]) -> float | None:
    """0..100, or None when no item could be checked."""
    checked = [item for item in items if item.status in CREDIT]
    possible = sum(item.weight for item in checked)
    if not possible:
        return None
    earned = sum(item.weight * CREDIT[item.status] for item in checked)
    return round(100.0 * earned / possible, 1)


def grade_checklist(items: tuple[ChecklistItem, ...]) -> str:
    score = score_checklist(items)
    if score is None:
        return "F"
    letter = next((letter for floor, letter in LETTERS if score >= floor), "F")
    failing = {item.id for item in items if item.status == CheckStatus.FAIL}
    if failing & FAILS_THE_SCAN:
        return "F"
    if failing:
        letter = worse(letter, "B")
    checked_weight = sum(item.weight for item in items if item.status in CREDIT)
    runtime_checked = any(item.status in CREDIT for item in items if item.id in RUNTIME_ITEMS)
    if checked_weight * 2 < TOTAL_WEIGHT or not runtime_checked:
        letter = worse(letter, "C")
    return letter


def worse(letter: str, cap: str) -> str:
    return max(letter, cap, key=GRADE_ORDER.index)


def pick_top_changes(items: tuple[ChecklistItem, ...], count: int = 3) -> tuple[str, ...]:
    """Failing items first, then warnings; heavier first; catalog order breaks ties.

    Each change is the first line of the item's fix, so it reads as one instruction.
    Two items with the same fix (non-root and fixed-uid) give one change.
    """
    order = {spec.id: index for index, spec in enumerate(ITEMS)}
    rank = {CheckStatus.FAIL: 0, CheckStatus.WARN: 1}
    candidates = sorted(
        (item for item in items if item.status in rank),
        key=lambda item: (rank[item.status], -item.weight, order.get(item.id, len(order))),
    )
    changes = dict.fromkeys(headline(item.fix) for item in candidates if item.fix)
    return tuple(list(changes)[:count])


def headline(fix: str) -> str:
    return fix.strip().splitlines()[0].rstrip(":").strip()
