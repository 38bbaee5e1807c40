"""Plain data that flows between the pipeline's stages.

Every stage takes frozen dataclasses from here and returns one. Nothing in this
module touches the ORM, Celery or HTTP, so stages stay testable without Django.
`to_json()` gives the shape the scan JSON promises (issue contract: keep names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class StageStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNAVAILABLE = "unavailable"
    ERROR = "error"


FINAL_STAGE_STATUSES = frozenset(
    {
        StageStatus.COMPLETED,
        StageStatus.FAILED,
        StageStatus.SKIPPED,
        StageStatus.UNAVAILABLE,
        StageStatus.ERROR,
    }
)


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for --fail-on thresholds and sorting."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}

REF_KINDS = ("hadolint", "trivy", "cis", "checkov")


def empty_refs() -> dict[str, tuple[str, ...]]:
    return {kind: () for kind in REF_KINDS}


@dataclass(frozen=True)
class Finding:
    """One problem, from any stage. `rule` is ours (ADVxxx), a CVE id, or a probe id."""

    rule: str
    severity: Severity
    title: str
    message: str
    fix: str
    source: str  # "lint" | "trivy" | "probe"
    line: int | None = None
    code: str = ""  # the Dockerfile line(s) the finding points at, quoted in the report
    reason: str = ""  # why it matters
    refs: dict[str, tuple[str, ...]] = field(default_factory=empty_refs)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. package/installed_version for Trivy

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "line": self.line,
            "title": self.title,
            "message": self.message,
            "fix": self.fix,
            "source": self.source,
            "refs": {kind: list(self.refs.get(kind, ())) for kind in REF_KINDS},
            "reason": self.reason,
            "code": self.code,
        }
        data.update(self.extra)
        return data


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Worst first, then by line, so the report and CLI agree on the order."""
    return sorted(
        findings,
        key=lambda f: (-f.severity.rank, f.line if f.line is not None else 1 << 30, f.rule),
    )


@dataclass(frozen=True)
class CommandRecord:
    """One external command we ran: the evidence behind a stage's result."""

    argv: tuple[str, ...]
    exit_code: int | None  # None when killed on timeout
    output: str  # sanitised; head and tail kept with a cut marker
    started_at: datetime
    duration_s: float
    timed_out: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "argv": list(self.argv),
            "exit_code": self.exit_code,
            "output": self.output,
            "started_at": self.started_at.isoformat(),
            "duration_s": round(self.duration_s, 3),
            "timed_out": self.timed_out,
        }


@dataclass(frozen=True)
class Source:
    """What the user gave us. `scan_code` labels every sandbox object of this scan."""

    scan_code: str
    dockerfile: str
    path: str = "Dockerfile"


# --- lint ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LintResult:
    status: StageStatus
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # parse error shown to the user, or None
    message_id: str | None = None
    suppressed: int = 0  # findings silenced by pragmas or config

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "error": self.error,
            "message_id": self.message_id,
            "finding_count": len(self.findings),
            "suppressed": self.suppressed,
        }


# --- build --------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    status: StageStatus
    image_ref: str | None = None  # local tag, set only when COMPLETED
    image_id: str | None = None
    image_archive: str | None = None  # `podman save` tar path: input for Trivy and the probe
    duration_s: float = 0.0
    log_tail: str = ""
    commands: tuple[CommandRecord, ...] = ()
    message_id: str | None = None

    @property
    def has_image(self) -> bool:
        return self.status == StageStatus.COMPLETED and bool(self.image_ref)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "duration_s": round(self.duration_s, 3),
            "image_id": self.image_id,
            "log_tail": self.log_tail,
            "message_id": self.message_id,
        }


# --- trivy --------------------------------------------------------------------------

SEVERITY_SUMMARY_KEYS = ("critical", "high", "medium", "low", "unknown")


@dataclass(frozen=True)
class TrivyResult:
    status: StageStatus
    vuln_db: str = "unavailable"  # "available" | "unavailable"
    summary: dict[str, int] = field(default_factory=dict)  # critical..unknown, fixable
    findings: tuple[Finding, ...] = ()
    sbom: str | None = None  # CycloneDX JSON text; the pipeline stores it, the web serves it
    details: dict[str, Any] = field(default_factory=dict)  # top packages, base-image share ...
    commands: tuple[CommandRecord, ...] = ()
    message_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        summary = {key: int(self.summary.get(key, 0)) for key in SEVERITY_SUMMARY_KEYS}
        summary["fixable"] = int(self.summary.get("fixable", 0))
        return {
            "status": str(self.status),
            "vuln_db": self.vuln_db,
            "summary": summary,
            "sbom_url": None,  # filled in by the web layer, which knows URLs
            "message_id": self.message_id,
            **self.details,
        }


# --- probe --------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineRun:
    uid: int | None = None
    gid: int | None = None
    groups: tuple[int, ...] = ()
    cap_eff: tuple[str, ...] = ()
    no_new_privs: bool | None = None
    seccomp: int | None = None
    alive: bool = False
    exit_code: int | None = None
    written_paths: tuple[str, ...] = ()
    listening_ports: tuple[int, ...] = ()
    output_tail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "gid": self.gid,
            "groups": list(self.groups),
            "cap_eff": list(self.cap_eff),
            "no_new_privs": self.no_new_privs,
            "seccomp": self.seccomp,
            "alive": self.alive,
            "exit_code": self.exit_code,
            "written_paths": list(self.written_paths),
            "listening_ports": list(self.listening_ports),
            "output_tail": self.output_tail,
        }


@dataclass(frozen=True)
class HardenedRun:
    ok: bool = False
    flags: tuple[str, ...] = ()  # the full podman/docker run flags that worked (or were tried last)
    user: str | None = None  # "5000:5000" when we had to pick a non-root user
    cap_add: tuple[str, ...] = ()
    tmpfs: tuple[str, ...] = ()
    exit_code: int | None = None
    attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "flags": list(self.flags),
            "user": self.user,
            "cap_add": list(self.cap_add),
            "tmpfs": list(self.tmpfs),
            "exit_code": self.exit_code,
            "attempts": self.attempts,
        }


@dataclass(frozen=True)
class ImageFacts:
    suid_files: tuple[str, ...] = ()
    world_writable_dirs: tuple[str, ...] = ()
    has_shell: bool = False
    has_package_manager: bool = False
    empty_password_users: tuple[str, ...] = ()
    duplicate_uids: tuple[int, ...] = ()
    root_owned_writable_needed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "suid_files": list(self.suid_files),
            "world_writable_dirs": list(self.world_writable_dirs),
            "has_shell": self.has_shell,
            "has_package_manager": self.has_package_manager,
            "empty_password_users": list(self.empty_password_users),
            "duplicate_uids": list(self.duplicate_uids),
            "root_owned_writable_needed": list(self.root_owned_writable_needed),
        }


@dataclass(frozen=True)
class ProbeResult:
    status: StageStatus
    baseline: BaselineRun | None = None
    hardened: HardenedRun | None = None
    image: ImageFacts | None = None
    findings: tuple[Finding, ...] = ()
    commands: tuple[CommandRecord, ...] = ()
    message_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "baseline": self.baseline.to_json() if self.baseline else None,
            "hardened": self.hardened.to_json() if self.hardened else None,
            "image": self.image.to_json() if self.image else None,
            "message_id": self.message_id,
        }


# --- report -------------------------------------------------------------------------


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    title: str
    status: CheckStatus
    evidence: str
    fix: str
    weight: int = 1  # how much it matters for the grade and the "top three" list

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": str(self.status),
            "evidence": self.evidence,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Fixes:
    dockerfile: str = ""
    dockerfile_diff: str = ""
    docker_run: str = ""
    compose: str = ""
    kubernetes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "dockerfile": self.dockerfile,
            "dockerfile_diff": self.dockerfile_diff,
            "docker_run": self.docker_run,
            "compose": self.compose,
            "kubernetes": self.kubernetes,
        }


@dataclass(frozen=True)
class Report:
    status: StageStatus
    grade: str = ""
    checklist: tuple[ChecklistItem, ...] = ()
    top_changes: tuple[str, ...] = ()
    fixes: Fixes = field(default_factory=Fixes)
    runtime: dict[str, Any] = field(default_factory=dict)  # hardened run settings for a verify scan
    message_id: str | None = None
    score: float | None = None  # 0..100 behind the grade (scans/report/grading.py); None: nothing checked

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "grade": self.grade,
            "checklist": [item.to_json() for item in self.checklist],
            "top_changes": list(self.top_changes),
            "fixes": self.fixes.to_json(),
            "runtime": self.runtime,
            "message_id": self.message_id,
            "score": self.score,
            # per-status counts for the page's at-a-glance line (templates cannot count)
            "counts": {
                str(status).replace(" ", "_"): sum(1 for item in self.checklist if item.status == status)
                for status in CheckStatus
            },
        }


# --- configuration handed to stages that run tools ----------------------------------


@dataclass(frozen=True)
class SandboxConfig:
    """How to reach rootless podman. Built from settings by scans/limits.py."""

    user: str | None = None  # run podman as this account when we are root
    podman: str = "podman"
    runtime: str = "runc"
    cgroup_manager: str = "cgroupfs"
    storage_driver: str = "overlay"
    pull: str = "never"  # "never" | "missing" | "always"
    allowed_registries: tuple[str, ...] = ()
    build_network: bool = True  # False: RUN steps get --network=none
    work_dir: str = "/tmp/advisor-sandbox"


@dataclass(frozen=True)
class BuildLimits:
    timeout_s: int = 600
    log_max_bytes: int = 256 * 1024
    ulimit_nproc: int = 512
    ulimit_nofile: int = 4096
    ulimit_fsize_mb: int = 2048
    max_image_mb: int = 4096
    memory_mb: int = 2048  # cgroup v2 hosts only (see docs/sandbox.md)
    cpus: float = 1.0  # cgroup v2 hosts only


@dataclass(frozen=True)
class ProbeLimits:
    timeout_s: int = 20  # one container run
    settle_s: float = 3.0  # how long the main process must stay up to count as "alive"
    max_attempts: int = 8  # add-back experiments in the hardened phase
    fallback_uid: int = 5000
    memory_mb: int = 1024  # cgroup v2 hosts only (see docs/sandbox.md)
    pids_limit: int = 512  # cgroup v2 hosts only
    cpus: float = 1.0  # cgroup v2 hosts only


@dataclass(frozen=True)
class TrivyConfig:
    binary: str = "trivy"
    cache_dir: str = ""
    timeout_s: int = 300
    db_repository: str = ""
    offline: bool = True  # --skip-db-update: never download during a scan


@dataclass(frozen=True)
class Limits:
    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    build: BuildLimits = field(default_factory=BuildLimits)
    probe: ProbeLimits = field(default_factory=ProbeLimits)
    trivy: TrivyConfig = field(default_factory=TrivyConfig)
