"""The report stage: everything the earlier stages found, turned into advice with proof."""

from __future__ import annotations

from scans.report.checklist import build_checklist
from scans.report.evidence import collect_evidence
from scans.report.fixes import build_fixes
from scans.report.grading import grade_checklist, pick_top_changes, score_checklist
from scans.report.runtime import plan_runtime
from scans.results import BuildResult, LintResult, ProbeResult, Report, Source, StageStatus, TrivyResult


def build_report(
    source: Source,
    lint: LintResult,
    build: BuildResult,
    trivy: TrivyResult,
    probe: ProbeResult,
    *,
    vuln_threshold: str = "high",
) -> Report:
    """Turn the stage results into a checklist, a grade and fixes.

    Input: the Source and the four stage results, whatever their status (a failed
    build or skipped probe gives `not checked` items that say why, and fixes
    derived from the Dockerfile alone); `vuln_threshold` is a Severity value.
    Output: a COMPLETED Report with the checklist in catalog order, the grade
    (grading.py documents the formula), the top three changes, the fixes and
    `runtime`, the hardened run settings a verify scan hands to the probe.
    Pure: no I/O, no tools, no Django; budget is milliseconds.
    """
    evidence = collect_evidence(source, lint, build, trivy, probe, vuln_threshold)
    plan = plan_runtime(evidence)
    checklist = build_checklist(evidence, plan)
    return Report(
        status=StageStatus.COMPLETED,
        grade=grade_checklist(checklist),
        checklist=checklist,
        top_changes=pick_top_changes(checklist),
        fixes=build_fixes(evidence, plan),
        runtime=plan.to_runtime(),
        score=score_checklist(checklist),
    )
