"""build_image: build the user's Dockerfile with rootless podman, then save the image."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from scans.build.bases import disallowed_bases
from scans.build.images import (
    failure_message_id,
    inspect_image,
    log_tail,
    remove_build_leftovers,
    save_image,
)
from scans.errors import ToolUnavailable
from scans.results import BuildResult, CommandRecord, Limits, Source, StageStatus
from scans.sandbox.locks import builds_lock, is_only_build
from scans.sandbox.podman import build_args, build_in_pid_namespace_args, remove_image_args, scan_tag
from scans.sandbox.preflight import LOOPBACK_PROBLEM, check_sandbox, host_facts
from scans.sandbox.runner import PodmanRunner
from scans.sandbox.workspace import create_workspace

logger = logging.getLogger(__name__)

# One build at a time per worker process: builds are the heaviest thing we run,
# and the leftover sweep after a timeout assumes no sibling build of ours.
BUILD_SLOT = threading.Lock()
SAVE_TIMEOUT_S = 300


def build_image(
    source: Source, limits: Limits, *, on_log: Callable[[str], None] | None = None
) -> BuildResult:
    """Build `source.dockerfile` in a fresh context holding only that file.

    Input: the Source (its scan_code labels everything) and Limits.
    Output: COMPLETED with image_ref (`localhost/advisor-scan:<code8>`), image_id
    and image_archive (a `podman save` tar in the scan's workspace); FAILED with
    build.failed / build.timeout / build.base_missing / build.base_not_allowed /
    build.image_too_large; ERROR with sandbox.podman_missing,
    sandbox.loopback_unprotected or sandbox.unavailable when the sandbox is not
    safe to use (we refuse rather than build unprotected).
    `on_log` gets the build log so far (head and tail kept) about once a second.
    Budget: limits.build.timeout_s for the build plus the save.
    """
    if blocked := disallowed_bases(source.dockerfile, limits.sandbox.allowed_registries):
        log = "Base image registry not allowed: " + ", ".join(blocked)
        return BuildResult(status=StageStatus.FAILED, log_tail=log, message_id="build.base_not_allowed")
    with BUILD_SLOT:
        try:
            return build_checked(source, limits, on_log)
        except ToolUnavailable as exc:
            return BuildResult(
                status=StageStatus.ERROR, log_tail=str(exc.format_values), message_id=exc.message_id
            )


def build_checked(source: Source, limits: Limits, on_log: Callable[[str], None] | None) -> BuildResult:
    if problems := check_sandbox(limits.sandbox):
        logger.warning("scan=%s stage=build sandbox not ready: %s", source.scan_code[:8], problems)
        return refused(problems)
    runner = PodmanRunner(limits.sandbox)
    workspace = create_workspace(limits.sandbox.work_dir, source.scan_code, source.dockerfile, runner.account)
    runner.tmp_dir = workspace.tmp_dir
    started = time.time()
    args = build_args(
        limits.sandbox,
        limits.build,
        scan_code=source.scan_code,
        context_dir=workspace.context_dir,
        host=host_facts(limits.sandbox),
    )
    with builds_lock(limits.sandbox.work_dir) as lock:
        record = runner.run(
            build_in_pid_namespace_args(limits.sandbox, args),
            timeout=limits.build.timeout_s,
            max_output=limits.build.log_max_bytes,
            on_output=on_log,
        )
        # Only when no other build runs can the unlabelled working containers
        # created since we started be ours; otherwise the janitor's age rule.
        if record.timed_out and is_only_build(lock):
            remove_build_leftovers(runner, started)
    if record.exit_code != 0:
        return failed(record, failure_message_id(record), runner.records)
    return finish(runner, record, limits, tag=scan_tag(source.scan_code), archive=workspace.archive)


def finish(
    runner: PodmanRunner, record: CommandRecord, limits: Limits, *, tag: str, archive: str
) -> BuildResult:
    facts = inspect_image(runner, tag)
    if facts is None:
        return failed(record, "build.failed", runner.records)
    image_id, size = facts
    if size > limits.build.max_image_mb * 1024 * 1024:
        runner.run(remove_image_args([tag]))
        return failed(record, "build.image_too_large", runner.records)
    if not save_image(runner, tag, archive, timeout=SAVE_TIMEOUT_S):
        return BuildResult(
            status=StageStatus.ERROR, commands=tuple(runner.records), message_id="stage.crashed"
        )
    return BuildResult(
        status=StageStatus.COMPLETED,
        image_ref=tag,
        image_id=image_id,
        image_archive=archive,
        duration_s=record.duration_s,
        log_tail=log_tail(record.output),
        commands=tuple(runner.records),
    )


def failed(record: CommandRecord, message_id: str, records: list[CommandRecord]) -> BuildResult:
    return BuildResult(
        status=StageStatus.FAILED,
        duration_s=record.duration_s,
        log_tail=log_tail(record.output),
        commands=tuple(records),
        message_id=message_id,
    )


def refused(problems: list[str]) -> BuildResult:
    if any(problem.startswith("podman is not installed") for problem in problems):
        message_id = "sandbox.podman_missing"
    elif any(problem.startswith(LOOPBACK_PROBLEM) for problem in problems):
        message_id = "sandbox.loopback_unprotected"
    else:
        message_id = "sandbox.unavailable"
    return BuildResult(status=StageStatus.ERROR, log_tail="\n".join(problems), message_id=message_id)
