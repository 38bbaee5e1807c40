"""Remove what the sandbox created: per scan when it ends, and stale leftovers.

Every container and image we create carries the `advisor.scan=<code>` label and
every workspace is `<work_dir>/<code>`, so leftovers of a worker killed mid-build
are found by label and name. Buildah's working containers cannot be labelled;
they are removed once older than any build may run.
"""

from __future__ import annotations

import logging
import os
import time

from scans.errors import ToolUnavailable
from scans.results import SandboxConfig
from scans.sandbox.locks import no_build_running
from scans.sandbox.podman import (
    LABEL,
    list_containers_args,
    list_images_args,
    remove_container_args,
    remove_image_args,
    scan_tag,
)
from scans.sandbox.runner import PodmanRunner
from scans.sandbox.workspace import list_workspaces, remove_workspace

logger = logging.getLogger(__name__)

STALE_WORKING_CONTAINER_S = 2 * 3600  # longer than any build timeout we allow


def remove_scan_objects(scan_code: str, config: SandboxConfig) -> None:
    """Remove the scan's containers, images and workspace. Never raises for a missing sandbox.

    Budget: a few podman calls of at most two minutes each.
    """
    try:
        runner = PodmanRunner(config)
    except ToolUnavailable:
        remove_workspace(config.work_dir, scan_code)
        return
    containers = [c["Id"] for c in runner.json_list(list_containers_args(f"{LABEL}={scan_code}"))]
    if containers:
        runner.run(remove_container_args(containers), timeout=120)
    images = [i["Id"] for i in runner.json_list(list_images_args(f"{LABEL}={scan_code}"))]
    runner.run(remove_image_args([scan_tag(scan_code), *images]), timeout=120)
    remove_workspace(config.work_dir, scan_code)


def prune_stale_objects(config: SandboxConfig, active_codes: set[str], *, min_age_s: float = 300) -> int:
    """Remove sandbox objects of every scan not in `active_codes`; returns how many.

    Only objects older than `min_age_s` go: another worker (or a test run) on
    the same account may have just created one for a scan this caller does not
    know. Run at worker start and periodically. Budget: a few podman calls.
    """
    try:
        runner = PodmanRunner(config)
    except ToolUnavailable:
        return 0
    cutoff = time.time() - min_age_s

    def stale(obj: dict) -> bool:
        return scan_of(obj) not in active_codes and float(obj.get("Created") or 0) <= cutoff

    containers = [c["Id"] for c in runner.json_list(list_containers_args(LABEL)) if stale(c)]
    with no_build_running(config.work_dir) as free:
        containers += old_working_containers(runner) if free else []
    if containers:
        runner.run(remove_container_args(containers), timeout=300)
    images = [i["Id"] for i in runner.json_list(list_images_args(LABEL)) if stale(i)]
    if images:
        runner.run(remove_image_args(images), timeout=300)
    dirs = [
        code
        for code in list_workspaces(config.work_dir)
        if code not in active_codes and os.path.getmtime(os.path.join(config.work_dir, code)) <= cutoff
    ]
    for code in dirs:
        remove_workspace(config.work_dir, code)
    removed = len(containers) + len(images) + len(dirs)
    if removed:
        logger.info(
            "janitor removed %d containers, %d images, %d workspaces", len(containers), len(images), len(dirs)
        )
    return removed


def scan_of(obj: dict) -> str:
    return str((obj.get("Labels") or {}).get(LABEL, ""))


def old_working_containers(runner: PodmanRunner) -> list[str]:
    cutoff = time.time() - STALE_WORKING_CONTAINER_S
    return [
        c["Id"]
        for c in runner.json_list(list_containers_args())
        if str(c.get("State", "")).lower() == "storage" and 0 < float(c.get("Created") or 0) < cutoff
    ]
