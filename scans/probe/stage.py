"""probe_image: run the built image and record what it really does."""

from __future__ import annotations

import logging
from typing import Any

from scans.errors import ToolUnavailable
from scans.probe.evidence import tmpfs_dirs, written_paths
from scans.probe.experiments import Hardening, Observation, experiment_runner
from scans.probe.findings import probe_findings
from scans.probe.hardening import SearchOutcome, search_hardening
from scans.probe.imagefs import ImageFs, image_facts, read_image_archive
from scans.results import BaselineRun, BuildResult, HardenedRun, Limits, ProbeResult, StageStatus
from scans.sandbox.podman import LABEL
from scans.sandbox.preflight import host_facts
from scans.sandbox.runner import PodmanRunner

logger = logging.getLogger(__name__)
OUTPUT_TAIL_CHARS = 4000


def probe_image(build: BuildResult, limits: Limits, *, runtime: dict[str, Any] | None = None) -> ProbeResult:
    """Run the built image as built, then hardened, and report the evidence.

    Input: a BuildResult (SKIPPED with stage.skipped_no_image when it has no
    image); `runtime`, a hardened configuration from an earlier report
    ({"user", "cap_add", "tmpfs", "read_only"}), is tried first (verify scans).
    Output: COMPLETED with baseline, hardened and image facts plus PRBxxx
    findings; FAILED (probe.failed) when the image cannot even be started;
    ERROR (sandbox.*) when podman is unusable. A container that crashes under
    hardening is evidence, not an error.
    Budget: at most 1 + 2 + max_attempts runs of limits.probe.timeout_s each;
    every run uses --network=none.
    """
    if not build.has_image or not build.image_ref:
        return ProbeResult(status=StageStatus.SKIPPED, message_id="stage.skipped_no_image")
    try:
        runner = PodmanRunner(limits.sandbox)
    except ToolUnavailable as exc:
        return ProbeResult(status=StageStatus.ERROR, message_id=exc.message_id)
    fs = read_image_archive(build.image_archive) if build.image_archive else ImageFs()
    code = scan_code_of(fs, build.image_ref)
    experiment = experiment_runner(runner, build.image_ref, code, limits.probe, host_facts(limits.sandbox))
    baseline_obs = experiment(None)
    if not baseline_obs.state.started:
        return ProbeResult(
            status=StageStatus.FAILED, commands=tuple(runner.records), message_id="probe.failed"
        )
    baseline = baseline_run(baseline_obs, fs)
    outcome = harden(experiment, baseline_obs, baseline, fs, limits, runtime)
    hardened = hardened_run(outcome)
    logger.info("scan=%s stage=probe hardened ok=%s after %d runs", code[:8], hardened.ok, hardened.attempts)
    runtime_uid = baseline.uid if baseline.uid else limits.probe.fallback_uid
    facts = image_facts(fs, runtime_uid=runtime_uid, written=baseline.written_paths)
    return ProbeResult(
        status=StageStatus.COMPLETED,
        baseline=baseline,
        hardened=hardened,
        image=facts,
        findings=probe_findings(baseline, hardened, facts),
        commands=tuple(runner.records),
    )


def harden(
    experiment, baseline_obs: Observation, baseline: BaselineRun, fs: ImageFs, limits: Limits, runtime
):
    dirs = fs.dirs
    user = (
        None if baseline.uid not in (0, None) else f"{limits.probe.fallback_uid}:{limits.probe.fallback_uid}"
    )
    first = Hardening(user=user, tmpfs=tmpfs_dirs(baseline.written_paths, dirs))
    attempts = limits.probe.max_attempts
    if runtime:
        given = hardening_from(runtime)
        outcome = search_hardening(experiment, baseline_obs, baseline, given, dirs=dirs, max_attempts=1)
        if outcome.ok:
            return outcome
        attempts = max(1, attempts - 1)
    return search_hardening(experiment, baseline_obs, baseline, first, dirs=dirs, max_attempts=attempts)


def hardening_from(runtime: dict[str, Any]) -> Hardening:
    return Hardening(
        user=runtime.get("user") or None,
        cap_add=tuple(runtime.get("cap_add") or ()),
        tmpfs=tuple(runtime.get("tmpfs") or ()),
        read_only=bool(runtime.get("read_only", True)),
    )


def baseline_run(obs: Observation, fs: ImageFs) -> BaselineRun:
    status = obs.status
    uid, gid = (status.uid, status.gid) if status else configured_ids(fs)
    return BaselineRun(
        uid=uid,
        gid=gid,
        groups=status.groups if status else (),
        cap_eff=status.cap_eff if status else (),
        no_new_privs=status.no_new_privs if status else None,
        seccomp=status.seccomp if status else None,
        alive=obs.state.running,
        exit_code=obs.state.exit_code,
        written_paths=written_paths(list(obs.changes), fs.dirs),
        listening_ports=obs.ports,
        output_tail=obs.log[-OUTPUT_TAIL_CHARS:],
    )


def hardened_run(outcome: SearchOutcome) -> HardenedRun:
    return HardenedRun(
        ok=outcome.ok,
        flags=outcome.hardening.flags,
        user=outcome.hardening.user,
        cap_add=outcome.hardening.cap_add,
        tmpfs=outcome.hardening.tmpfs,
        exit_code=outcome.observation.state.exit_code,
        attempts=outcome.attempts,
    )


def configured_ids(fs: ImageFs) -> tuple[int | None, int | None]:
    """UID/GID from the image's USER when the process exited before we could look."""
    user = str(fs.config.get("User") or "root")
    name, _, group = user.partition(":")
    rows = [line.split(":") for line in fs.texts.get("/etc/passwd", "").splitlines() if line.count(":") >= 3]
    by_name = {row[0]: (int(row[2]), int(row[3])) for row in rows if row[2].isdigit() and row[3].isdigit()}
    uid, gid = (int(name), None) if name.isdigit() else by_name.get(name, (None, None))
    if name.isdigit():
        gid = next((g for u, g in by_name.values() if u == uid), uid)
    if group.isdigit():
        gid = int(group)
    return uid, gid


def scan_code_of(fs: ImageFs, image_ref: str) -> str:
    labels = fs.config.get("Labels") or {}
    return str(labels.get(LABEL) or image_ref.rsplit(":", 1)[-1])
