"""Everything the earlier stages found, bundled for the checklist's item functions.

`Evidence` is read-only: it wraps the stage results and answers the questions
every item asks ("did the probe run, and if not, why?", "which lint findings
belong to this item?") in one place, so the items stay short and agree on wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from scans.report.facts import StaticFacts, read_static_facts
from scans.results import (
    BaselineRun,
    BuildResult,
    Finding,
    HardenedRun,
    ImageFacts,
    LintResult,
    ProbeResult,
    Source,
    StageStatus,
    TrivyResult,
)

TRIVY_RAN = frozenset({StageStatus.COMPLETED, StageStatus.UNAVAILABLE})


@dataclass(frozen=True)
class Evidence:
    source: Source
    lint: LintResult
    build: BuildResult
    trivy: TrivyResult
    probe: ProbeResult
    static: StaticFacts
    vuln_threshold: str = "high"

    # --- lint ---------------------------------------------------------------------

    @property
    def lint_ran(self) -> bool:
        return self.lint.status == StageStatus.COMPLETED and self.static.parsed

    def lint_hits(self, rule_ids: tuple[str, ...]) -> list[Finding]:
        return [f for f in self.lint.findings if f.rule in rule_ids]

    # --- probe --------------------------------------------------------------------

    @property
    def probe_ran(self) -> bool:
        return self.probe.status == StageStatus.COMPLETED and self.probe.baseline is not None

    @property
    def baseline(self) -> BaselineRun:
        return self.probe.baseline or BaselineRun()

    @property
    def hardened(self) -> HardenedRun | None:
        return self.probe.hardened if self.probe_ran else None

    @property
    def image(self) -> ImageFacts | None:
        return self.probe.image if self.probe_ran else None

    @property
    def probe_missing(self) -> str:
        """Why there is no runtime evidence, in words for 'not checked: ...'."""
        return why_probe_missing(self.build, self.probe)

    # --- trivy --------------------------------------------------------------------

    @property
    def trivy_ran(self) -> bool:
        """Trivy scanned the image (not only the Dockerfile, as it does when the build failed)."""
        return (
            self.trivy.status in TRIVY_RAN
            and self.trivy.message_id != "trivy.config_only"
            and self.build.status == StageStatus.COMPLETED
        )

    @property
    def trivy_missing(self) -> str:
        """Why Trivy has nothing to say about the image, in words for 'not checked: ...'."""
        return why_trivy_missing(self.build, self.trivy)

    def trivy_secrets(self) -> list[Finding]:
        return [f for f in self.trivy.findings if is_secret_finding(f)]


def collect_evidence(
    source: Source,
    lint: LintResult,
    build: BuildResult,
    trivy: TrivyResult,
    probe: ProbeResult,
    vuln_threshold: str = "high",
) -> Evidence:
    return Evidence(source, lint, build, trivy, probe, read_static_facts(source.dockerfile), vuln_threshold)


BUILD_REASONS = {
    StageStatus.FAILED: "the image did not build",
    StageStatus.ERROR: "the build stage hit an internal error",
    StageStatus.PENDING: "the image has not been built yet",
    StageStatus.RUNNING: "the image is still building",
}
PROBE_REASONS = {
    StageStatus.FAILED: "the probe could not run the image",
    StageStatus.ERROR: "the probe hit an internal error",
    StageStatus.SKIPPED: "the probe was skipped",
    StageStatus.UNAVAILABLE: "the probe is not available on this server",
    StageStatus.PENDING: "the probe has not run yet",
    StageStatus.RUNNING: "the probe is still running",
}


def why_probe_missing(build: BuildResult, probe: ProbeResult) -> str:
    if build.message_id == "stage.skipped_sandbox_off" or probe.message_id == "stage.skipped_sandbox_off":
        return "the sandbox (build and probe) is turned off on this server"
    if build.status in BUILD_REASONS:
        return BUILD_REASONS[build.status]
    if build.status == StageStatus.SKIPPED:
        return "the build was skipped"
    return PROBE_REASONS.get(probe.status, "the probe did not run")


TRIVY_REASONS = {
    StageStatus.ERROR: "Trivy hit an error",
    StageStatus.SKIPPED: "Trivy was skipped",
    StageStatus.FAILED: "Trivy could not scan the image",
    StageStatus.PENDING: "Trivy has not run yet",
    StageStatus.RUNNING: "Trivy is still running",
}


def why_trivy_missing(build: BuildResult, trivy: TrivyResult) -> str:
    if build.status != StageStatus.COMPLETED:
        return why_probe_missing(build, ProbeResult(StageStatus.SKIPPED))
    return TRIVY_REASONS.get(trivy.status, "Trivy scanned only the Dockerfile")


def is_secret_finding(finding: Finding) -> bool:
    """Trivy secret findings; the trivy stage marks them in `extra` (class/kind)."""
    kind = str(finding.extra.get("class") or finding.extra.get("kind") or finding.extra.get("type") or "")
    return finding.source == "trivy" and "secret" in kind.lower()


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def join_limited(items: list[str] | tuple[str, ...], limit: int = 4) -> str:
    """`a, b, c (+2 more)`: evidence stays one readable line."""
    shown = ", ".join(items[:limit])
    return f"{shown} (+{len(items) - limit} more)" if len(items) > limit else shown
