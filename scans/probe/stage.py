"""probe_image: run the built image and record what it really does (work in progress)."""

from __future__ import annotations

from typing import Any

from scans.results import BuildResult, Limits, ProbeResult, StageStatus


def probe_image(build: BuildResult, limits: Limits, *, runtime: dict[str, Any] | None = None) -> ProbeResult:
    return ProbeResult(status=StageStatus.SKIPPED, message_id="stage.skipped_no_image")
