"""Integration fixtures for the sandbox: real rootless podman, real base images.

Nothing here skips: a machine without the sandbox fails with a set-up hint, so a
green run always means podman really built and ran the images.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from scans.limits import limits_from_settings
from scans.results import Limits
from scans.sandbox.baseimages import BaseImageError, ensure_base_images
from scans.sandbox.janitor import remove_scan_objects
from scans.sandbox.preflight import check_sandbox

SANDBOX_HINT = (
    "run `make test` (it runs scripts/setup_sandbox.sh as root), or `sudo scripts/setup_sandbox.sh`"
)


@pytest.fixture(scope="session")
def sandbox_limits() -> Limits:
    """Settings-based limits, after preflight passed and the base images exist.

    Probe runs settle for 2 s instead of 3 to keep the tier short; builds time
    out after 2 minutes so a hang fails the test instead of the session.
    """
    limits = limits_from_settings()
    problems = check_sandbox(limits.sandbox)
    if problems:
        pytest.fail(
            "The build sandbox is not ready:\n- " + "\n- ".join(problems) + f"\nSet-up: {SANDBOX_HINT}"
        )
    try:
        ensure_base_images(limits.sandbox)
    except BaseImageError as exc:
        pytest.fail(
            f"Could not make the base images: {exc}\n"
            f"Set-up: {SANDBOX_HINT}, then `manage.py make_base_images`"
        )
    return replace(
        limits,
        sandbox=replace(limits.sandbox, pull="never", allowed_registries=("docker.io",)),
        build=replace(limits.build, timeout_s=120),
        probe=replace(limits.probe, settle_s=2.0, timeout_s=20),
    )


@pytest.fixture
def scan_code(sandbox_limits: Limits) -> Iterator[Callable[[], str]]:
    """Fresh scan codes; everything labelled with them is removed after the test."""
    codes: list[str] = []

    def new_code() -> str:
        codes.append(str(uuid.uuid4()))
        return codes[-1]

    yield new_code
    for code in codes:
        remove_scan_objects(code, sandbox_limits.sandbox)
