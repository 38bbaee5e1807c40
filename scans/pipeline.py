"""The only code that knows the order of the stages, and the only code that persists them.

    lint ─► build ─► trivy ─► probe ─► report

The lint phase runs on the fast `lint` queue; build, trivy, probe and report run
on the `sandbox` queue so a slow build never delays another user's lint results.
Each stage result is stored the moment the stage returns, so a crash later keeps
what was already learned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from scans.build.stage import build_image
from scans.limits import limits_from_settings
from scans.lint.config import LintConfig
from scans.lint.stage import lint_dockerfile
from scans.models import Scan, StageRun
from scans.probe.stage import probe_image
from scans.report.stage import build_report
from scans.results import (
    BuildResult,
    LintResult,
    ProbeResult,
    Report,
    Source,
    StageStatus,
    TrivyResult,
    sort_findings,
)
from scans.sandbox.janitor import remove_scan_objects
from scans.trivy.merging import merge_with_lint
from scans.trivy.stage import scan_image

log = logging.getLogger(__name__)
Result = TypeVar("Result")


def scan_source(scan: Scan) -> Source:
    return Source(scan_code=str(scan.code), dockerfile=scan.dockerfile, path=scan.filename or "Dockerfile")


def run_lint_phase(scan: Scan) -> bool:
    """Claim the scan and lint it. Returns True when the sandbox phase should follow."""
    if not scan.claim():
        log.info("scan=%s already claimed; redelivered message ignored", scan.code8)
        return False
    lint = run_stage(scan, "lint", LintResult, lambda: lint_dockerfile(scan_source(scan), lint_config()))
    save_findings(scan, lint.findings)
    if settings.ADVISOR_SANDBOX_ENABLED:
        return True
    skipped = dict(status=StageStatus.SKIPPED, message_id="stage.skipped_sandbox_off")
    build = store_result(scan, "build", BuildResult(**skipped))
    trivy = run_stage(
        scan, "trivy", TrivyResult, lambda: scan_image(scan_source(scan), build, limits_from_settings().trivy)
    )
    probe = store_result(scan, "probe", ProbeResult(**skipped))
    finish_scan(scan, lint, build, trivy, probe)
    return False


def run_sandbox_phase(scan: Scan) -> None:
    """Build, scan, probe and report. A redelivered message finds `build` claimed and stops."""
    build_run = scan.stage_runs.get(stage="build")
    if not build_run.claim():
        log.info("scan=%s stage=build already claimed; redelivered message ignored", scan.code8)
        return
    source, limits = scan_source(scan), limits_from_settings()
    # Lint is pure and takes milliseconds: recomputing beats deserialising its result.
    lint = lint_dockerfile(source, lint_config())
    try:
        build = run_stage(
            scan, "build", BuildResult, lambda: build_image(source, limits, on_log=live_log(build_run))
        )
        trivy = run_stage(scan, "trivy", TrivyResult, lambda: scan_image(source, build, limits.trivy))
        save_findings(scan, merge_with_lint(list(lint.findings), list(trivy.findings)))
        probe = run_stage(
            scan, "probe", ProbeResult, lambda: probe_image(build, limits, runtime=scan.runtime)
        )
    except SoftTimeLimitExceeded:
        fail_unfinished_stages(scan, "scan.timeout")
        scan.finish(Scan.State.ERROR, "scan.timeout")
        return
    finally:
        remove_scan_objects(str(scan.code), limits.sandbox)
    finish_scan(scan, lint, build, trivy, probe)


def lint_config() -> LintConfig:
    # The same allow-list the build enforces, so the linter warns before the build refuses.
    return LintConfig(trusted_registries=tuple(settings.ADVISOR_ALLOWED_REGISTRIES))


def finish_scan(
    scan: Scan, lint: LintResult, build: BuildResult, trivy: TrivyResult, probe: ProbeResult
) -> None:
    merged = merge_with_lint(list(lint.findings), list(trivy.findings)) + list(probe.findings)
    save_findings(scan, merged)
    run_stage(
        scan,
        "report",
        Report,
        lambda: build_report(
            scan_source(scan), lint, build, trivy, probe, vuln_threshold=settings.ADVISOR_VULN_THRESHOLD
        ),
    )
    scan.finish(Scan.State.COMPLETED)


def run_stage(scan: Scan, stage: str, result_type: type[Result], call: Callable[[], Result]) -> Result:
    """Mark the stage running, call it, store what it returns.

    An unexpected exception is our bug: it is logged with the scan code and
    stored as status `error`, and an error result goes downstream so later
    stages skip or degrade instead of the whole scan dying.
    """
    StageRun.objects.filter(scan=scan, stage=stage).update(status=StageStatus.RUNNING, started=timezone.now())
    try:
        result = call()
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        log.error("scan=%s stage=%s crashed", scan.code8, stage, exc_info=True)
        result = result_type(status=StageStatus.ERROR, message_id="stage.crashed")  # type: ignore[call-arg]
    return store_result(scan, stage, result)


def store_result(scan: Scan, stage: str, result: Any) -> Any:
    data = result.to_json()
    commands = [command.to_json() for command in getattr(result, "commands", ())]
    StageRun.objects.filter(scan=scan, stage=stage).update(
        status=data["status"],
        message_id=data.get("message_id") or "",
        result=data,
        commands=commands,
        artifact=getattr(result, "sbom", None) or "",
        finished=timezone.now(),
    )
    return result


def save_findings(scan: Scan, findings: list) -> None:
    scan.findings = [finding.to_json() for finding in sort_findings(findings)]
    scan.save(update_fields=["findings"])


def live_log(run: StageRun) -> Callable[[str], None]:
    def write(text: str) -> None:
        StageRun.objects.filter(id=run.id).update(log=text)

    return write


def fail_unfinished_stages(scan: Scan, message_id: str) -> None:
    scan.stage_runs.filter(status__in=[StageStatus.PENDING, StageStatus.RUNNING]).update(
        status=StageStatus.ERROR, message_id=message_id, finished=timezone.now()
    )
