"""The scan JSON as Markdown that fits a pull-request comment (GitHub, GitLab, Gitea).

Short at a glance (grade, top three changes, checklist table), detail folded
away in <details> blocks. GitHub cuts comments at 65,536 characters, so the
findings list is capped and the fixes come last.
"""

from __future__ import annotations

from typing import Any

from scans.report.verification import compare_verification, verification_verdict

STATUS_ICONS = {"pass": "✅ pass", "fail": "❌ fail", "warn": "⚠️ warn", "not checked": "➖ not checked"}
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
MAX_FINDINGS = 60
MAX_CELL = 300
FIX_BLOCKS = (
    ("dockerfile_diff", "Hardened Dockerfile (diff)", "diff"),
    ("dockerfile", "Hardened Dockerfile (full file)", "dockerfile"),
    ("docker_run", "docker run", "sh"),
    ("compose", "docker-compose service", "yaml"),
    ("kubernetes", "Kubernetes securityContext", "yaml"),
)


def to_markdown(scan_json: dict[str, Any]) -> str:
    parts = [
        heading(scan_json),
        top_changes_section(scan_json),
        checklist_section(scan_json.get("checklist") or []),
        findings_section(scan_json.get("findings") or []),
        verification_section(scan_json),
        fixes_section(scan_json.get("fixes") or {}),
    ]
    return "\n\n".join(part for part in parts if part).rstrip() + "\n"


def heading(scan_json: dict[str, Any]) -> str:
    grade = scan_json.get("grade") or "not graded yet"
    counts = count_findings(scan_json.get("findings") or [])
    summary = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "no findings"
    return (
        f"## Dockerfile hardening report: grade **{grade}**\n\n{summary} · scan `{scan_json.get('id', '')}`"
    )


def count_findings(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in findings:
        counts[finding.get("severity", "info")] = counts.get(finding.get("severity", "info"), 0) + 1
    return counts


def top_changes_section(scan_json: dict[str, Any]) -> str:
    report = (scan_json.get("stages") or {}).get("report") or {}
    changes = report.get("top_changes") or []
    if not changes:
        return ""
    return "### Top changes\n\n" + "\n".join(f"{n}. {cell(change)}" for n, change in enumerate(changes, 1))


def checklist_section(checklist: list[dict[str, Any]]) -> str:
    if not checklist:
        return ""
    rows = ["| Status | Check | Evidence |", "| --- | --- | --- |"]
    for item in checklist:
        status = STATUS_ICONS.get(item.get("status", ""), item.get("status", ""))
        rows.append(f"| {status} | {cell(item.get('title', ''))} | {cell(item.get('evidence', ''))} |")
    return "### Checklist\n\n" + "\n".join(rows)


def cell(text: str) -> str:
    """One table cell: no pipes or newlines break the row; very long evidence is cut."""
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat if len(flat) <= MAX_CELL else flat[: MAX_CELL - 1] + "…"


def findings_section(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return "### Findings\n\nNo findings."
    lines = ["### Findings"]
    shown = 0
    for severity in SEVERITY_ORDER:
        group = [f for f in findings if f.get("severity") == severity]
        if not group:
            continue
        lines.append(f"\n**{severity.capitalize()} ({len(group)})**\n")
        for finding in group[: max(0, MAX_FINDINGS - shown)]:
            lines.append(f"- {finding_line(finding)}")
        shown += min(len(group), max(0, MAX_FINDINGS - shown))
    if shown < len(findings):
        lines.append(f"\n…and {len(findings) - shown} more in the full report.")
    return "\n".join(lines)


def finding_line(finding: dict[str, Any]) -> str:
    where = f"line {finding['line']}: " if finding.get("line") else ""
    title, message = cell(finding.get("title", "")), cell(finding.get("message", ""))
    return f"`{finding.get('rule', '')}` {where}{title}: {message}"


def verification_section(scan_json: dict[str, Any]) -> str:
    verification = scan_json.get("verification")
    if not verification:
        return ""
    rows = compare_verification(scan_json.get("checklist") or [], verification.get("checklist") or [])
    table = ["| Check | Before | After |", "| --- | --- | --- |"]
    for row in rows:
        before, after = (
            STATUS_ICONS.get(row["before"], row["before"]),
            STATUS_ICONS.get(row["after"], row["after"]),
        )
        table.append(f"| {cell(row['title'])} | {before} | {after} |")
    verdict = verification_verdict(scan_json, verification)
    return f"### Verification\n\n**{cell(verdict)}**\n\n" + "\n".join(table)


def fixes_section(fixes: dict[str, Any]) -> str:
    blocks = [details(title, fixes[key], lang) for key, title, lang in FIX_BLOCKS if fixes.get(key)]
    return "### Fixes\n\n" + "\n\n".join(blocks) if blocks else ""


def details(title: str, body: str, lang: str) -> str:
    fence = "```"
    while fence in body:  # a longer fence than any run of backticks inside keeps the block closed
        fence += "`"
    return f"<details><summary>{title}</summary>\n\n{fence}{lang}\n{body.rstrip()}\n{fence}\n\n</details>"
