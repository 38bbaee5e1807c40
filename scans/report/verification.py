"""Before and after: the original scan against the scan of its hardened Dockerfile.

Pure functions over the scan JSON (docs/report-schema.md), so the web page, the
Markdown export and `manage.py scan --verify` all say the same thing.
"""

from __future__ import annotations

from typing import Any

RANK = {"fail": 0, "warn": 1, "pass": 2}
# What "verified" promises: these three must pass (or warn) in the verification scan.
KEY_ITEMS = ("non-root", "read-only-rootfs", "cap-drop-all")
FINAL_SCAN_STATES = frozenset({"completed", "failed", "error", "cancelled"})


def compare_verification(original_checklist: list[dict], verified_checklist: list[dict]) -> list[dict]:
    """One row per item id (original order, then items only the new scan has).

    Row: {"id", "title", "before", "after", "before_evidence", "after_evidence", "change"},
    where change is fixed | improved | unchanged | still failing | regressed | not compared.
    """
    before = {item["id"]: item for item in original_checklist}
    after = {item["id"]: item for item in verified_checklist}
    rows = []
    for item_id in list(dict.fromkeys([*before, *after])):
        old, new = before.get(item_id, {}), after.get(item_id, {})
        rows.append(
            {
                "id": item_id,
                "title": new.get("title") or old.get("title", item_id),
                "before": old.get("status", "not checked"),
                "after": new.get("status", "not checked"),
                "before_evidence": old.get("evidence", ""),
                "after_evidence": new.get("evidence", ""),
                "change": change_of(old.get("status"), new.get("status")),
            }
        )
    return rows


def change_of(before: str | None, after: str | None) -> str:
    if before not in RANK or after not in RANK:
        return "not compared"
    if RANK[after] < RANK[before]:
        return "regressed"
    if RANK[after] > RANK[before]:
        return "fixed" if after == "pass" else "improved"
    return "still failing" if after == "fail" else "unchanged"


def verification_verdict(original_scan: dict[str, Any], verification: dict[str, Any] | None) -> str:
    """One line: "verified: starts as UID 5000 with ..." or what still fails.

    `verification` is the scan JSON's `verification` object ({scan_id, status,
    checklist}) or the verification scan's own full JSON (then its probe's UID is used).
    """
    if not verification:
        return "not verified yet"
    items = {item["id"]: item for item in verification.get("checklist") or []}
    if verification.get("status") not in FINAL_SCAN_STATES:
        return "verification running"
    if not items:
        return f"not verified: the verification scan ended {verification.get('status')} without a report"
    unchecked = [items[i] for i in KEY_ITEMS if i in items and items[i]["status"] not in RANK]
    failing = [items[i] for i in KEY_ITEMS if i in items and items[i]["status"] == "fail"]
    if failing:
        return "not verified: still failing: " + "; ".join(f"{i['title']} ({i['evidence']})" for i in failing)
    if unchecked:
        return f"not verified: {unchecked[0]['evidence'].removeprefix('not checked: ')}"
    others = [item["title"] for item in items.values() if item["status"] == "fail"]
    left = f"; still to fix: {', '.join(others)}" if others else ""
    return f"verified: {started_as(original_scan, verification)}{left}"


def started_as(original_scan: dict[str, Any], verification: dict[str, Any]) -> str:
    """`starts as UID 5000 with a read-only root filesystem and no capabilities`."""
    runtime = ((original_scan.get("stages") or {}).get("report") or {}).get("runtime") or {}
    probe = ((verification.get("stages") or {}).get("probe")) or {}
    baseline, hardened = probe.get("baseline") or {}, probe.get("hardened") or {}
    uid = baseline.get("uid")
    if uid is None and runtime.get("user"):
        uid = str(runtime["user"]).split(":", 1)[0]
    who = f"UID {uid}" if uid is not None else "a non-root user"
    # What the verify scan's own probe needed beats what the original planned.
    added = hardened.get("cap_add") if hardened.get("ok") else runtime.get("cap_add")
    caps = [str(cap).removeprefix("CAP_") for cap in added or []]
    with_caps = f"only {', '.join(caps)}" if caps else "no capabilities"
    return f"starts as {who} with a read-only root filesystem and {with_caps}"
