"""The Markdown export: a pull-request comment with grade, top changes, table, findings, fixes."""

from __future__ import annotations

from scans.report.exports import to_markdown
from tests.unit.report.scenarios import hardened_app, root_nginx, scan_json, verification_of


def test_it_starts_with_the_grade_and_the_finding_counts():
    text = to_markdown(scan_json(root_nginx()))

    assert text.startswith(
        "## Dockerfile hardening report: grade **F**\n\n"
        "1 high, 3 low, 2 info · scan `0f0e0d0c-0000-4000-8000-000000000001`\n"
    )


def test_it_lists_the_top_three_changes_in_order():
    text = to_markdown(scan_json(root_nginx()))

    assert (
        "### Top changes\n\n"
        "1. Run as 5000:5000: create that user with fixed IDs after the installs "
        "and switch to it before CMD\n"
        "2. Rebuild on a newer base image"
    ) in text
    assert (
        "\n3. Strip the SUID/SGID bits in the final stage (no-new-privileges also stops them at runtime)\n"
        in text
    )


def test_it_has_a_checklist_table_with_one_row_per_item():
    lines = to_markdown(scan_json(root_nginx())).splitlines()
    start = lines.index("| Status | Check | Evidence |")

    assert lines[start + 1] == "| --- | --- | --- |"
    assert lines[start + 2] == (
        "| ❌ fail | Runs as a non-root user | no USER in the final stage; effective UID 0 (probe) |"
    )
    rows = [line for line in lines[start + 2 :] if line.startswith("| ")]
    assert len(rows) == 15


def test_it_keeps_table_rows_intact_when_evidence_has_pipes_or_newlines():
    data = scan_json(hardened_app())
    data["checklist"][0] = {**data["checklist"][0], "evidence": "a | b\nc"}

    assert "| ✅ pass | Runs as a non-root user | a \\| b c |" in to_markdown(data)


def test_it_groups_findings_by_severity_worst_first():
    text = to_markdown(scan_json(root_nginx()))
    findings = text[text.index("### Findings") : text.index("### Fixes")]

    assert findings.index("**High (1)**") < findings.index("**Low (3)**") < findings.index("**Info (2)**")
    assert "- `ADV101` line 1: The final stage has no USER, so the container runs as root: " in findings


def test_it_folds_every_fix_into_a_collapsible_block():
    text = to_markdown(scan_json(root_nginx()))
    fixes = text[text.index("### Fixes") :]

    assert fixes.count("<details><summary>") == 5
    assert "<details><summary>docker run</summary>\n\n```sh\ndocker run \\\n  --rm \\\n" in fixes
    assert "<details><summary>Hardened Dockerfile (diff)</summary>\n\n```diff\n--- a/Dockerfile\n" in fixes
    assert "<details><summary>Kubernetes securityContext</summary>\n\n```yaml\n# Kubernetes gives " in fixes
    assert text.endswith("</details>\n")


def test_it_uses_a_longer_fence_when_a_fix_contains_backticks():
    data = scan_json(hardened_app())
    data["fixes"] = {"docker_run": "echo ```x```"}

    assert "````sh\necho ```x```\n````" in to_markdown(data)


def test_it_shows_the_verification_verdict_and_before_after():
    data = scan_json(hardened_app())
    data["verification"] = verification_of(hardened_app())
    text = to_markdown(data)

    assert (
        "### Verification\n\n"
        "**verified: starts as UID 5000 with a read-only root filesystem and no capabilities**\n\n"
        "| Check | Before | After |\n| --- | --- | --- |\n"
        "| Runs as a non-root user | ✅ pass | ✅ pass |\n"
    ) in text


def test_it_renders_a_scan_that_is_still_running():
    text = to_markdown({"id": "abc", "status": "running", "stages": {}, "findings": [], "verification": None})

    assert text == (
        "## Dockerfile hardening report: grade **not graded yet**\n\nno findings · scan `abc`\n\n"
        "### Findings\n\nNo findings.\n"
    )
