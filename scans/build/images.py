"""After `podman build`: what was built, its size, the saved archive, and leftovers."""

from __future__ import annotations

import os

from scans.results import CommandRecord
from scans.sandbox.podman import (
    inspect_image_args,
    list_containers_args,
    remove_container_args,
    save_args,
)
from scans.sandbox.runner import PodmanRunner

BASE_MISSING_MARKERS = ('pull policy is "never"', "image not known", "repository name must")
LOG_TAIL_BYTES = 16 * 1024


def failure_message_id(record: CommandRecord) -> str:
    if record.timed_out:
        return "build.timeout"
    if any(marker in record.output for marker in BASE_MISSING_MARKERS) and "STEP 2/" not in record.output:
        return "build.base_missing"
    return "build.failed"


def inspect_image(runner: PodmanRunner, image: str) -> tuple[str, int] | None:
    """(image id, size in bytes) or None."""
    output = runner.ok(inspect_image_args(image))
    if output is None:
        return None
    image_id, _, size = output.strip().partition(" ")
    return image_id, int(size or 0)


def save_image(runner: PodmanRunner, image: str, archive: str, *, timeout: float) -> bool:
    """`podman save` into the workspace; readable by the worker (owner or root)."""
    record = runner.run(save_args(image, archive), timeout=timeout)
    return record.exit_code == 0 and os.path.isfile(archive)


def remove_build_leftovers(runner: PodmanRunner, since_epoch: float) -> list[str]:
    """Remove buildah working containers a killed build left in storage.

    Working containers cannot carry our label, so they are recognised as
    external ("storage" state) containers created after this build started;
    the caller holds the builds lock exclusively, so no other build made them.
    """
    names = [
        container["Id"]
        for container in list_external_containers(runner)
        if float(container.get("Created") or 0) >= since_epoch - 1
    ]
    if names:
        runner.run(remove_container_args(names), timeout=120)
    return names


def list_external_containers(runner: PodmanRunner) -> list[dict]:
    containers = runner.json_list(list_containers_args())
    return [c for c in containers if str(c.get("State", "")).lower() == "storage"]


def log_tail(log: str) -> str:
    # The tail, because a failed build's reason is at the end.
    return log[-LOG_TAIL_BYTES:]
