"""Plausible stage results for the report's tests, built directly (the report is pure).

Each function returns the five inputs of build_report for one situation a user
meets: a root nginx image, a well-hardened image, a build that failed ...
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scans.lint.stage import lint_dockerfile
from scans.report.stage import build_report
from scans.results import (
    BaselineRun,
    BuildResult,
    Finding,
    HardenedRun,
    ImageFacts,
    LintResult,
    ProbeResult,
    Report,
    Severity,
    Source,
    StageStatus,
    TrivyResult,
    sort_findings,
)

DEFAULT_CAPS = (
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
    "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
)  # fmt: skip

ROOT_NGINX = """\
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y nginx
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
"""

HARDENED_APP = """\
FROM debian:bookworm-slim@sha256:1f3e5b1b2e8b7a0e1c4b3d6f8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8
RUN groupadd --system --gid 5000 app \\
    && useradd --system --uid 5000 --gid 5000 --no-create-home --no-log-init app
COPY --chown=5000:5000 app /app
USER 5000:5000
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]
CMD ["/app/server"]
"""

NAMED_USER = """\
FROM debian:bookworm-slim
RUN useradd app
USER app
CMD ["/app/server"]
"""


@dataclass(frozen=True)
class Scenario:
    source: Source
    lint: LintResult
    build: BuildResult
    trivy: TrivyResult
    probe: ProbeResult

    def report(self, vuln_threshold: str = "high") -> Report:
        return build_report(
            self.source, self.lint, self.build, self.trivy, self.probe, vuln_threshold=vuln_threshold
        )

    def with_(self, **changes) -> Scenario:
        return replace(self, **changes)


def scenario(dockerfile: str, build: BuildResult, trivy: TrivyResult, probe: ProbeResult) -> Scenario:
    source = Source(scan_code="0f0e0d0c-0000-4000-8000-000000000001", dockerfile=dockerfile)
    return Scenario(source, lint_dockerfile(source), build, trivy, probe)


def built() -> BuildResult:
    return BuildResult(
        StageStatus.COMPLETED, image_ref="localhost/advisor-scan:0f0e0d0c", image_id="sha256:ab12"
    )


def trivy_counts(
    critical: int = 0, high: int = 0, medium: int = 0, low: int = 0, fixable: int = 0
) -> TrivyResult:
    summary = {
        "critical": critical,
        "high": high,
        "medium": medium,
        "low": low,
        "unknown": 0,
        "fixable": fixable,
    }
    return TrivyResult(StageStatus.COMPLETED, vuln_db="available", summary=summary)


def secret_finding(target: str = "/app/.env") -> Finding:
    return Finding(
        rule="secret:aws-access-key-id",
        severity=Severity.CRITICAL,
        title="AWS Access Key ID",
        message=f"AWS Access Key ID in {target} line 1: AWS_ACCESS_KEY_ID=********************",
        fix="Remove the file and rotate the key.",
        source="trivy",
        extra={"kind": "secret", "target": target, "secret_line": 1},
    )


def root_nginx() -> Scenario:
    """No USER, binds 80, writes its cache, logs and pid file; hardening works with NET_BIND_SERVICE."""
    probe = ProbeResult(
        StageStatus.COMPLETED,
        baseline=BaselineRun(
            uid=0, gid=0, groups=(0,), cap_eff=DEFAULT_CAPS, no_new_privs=False, seccomp=2, alive=True,
            written_paths=("/run/nginx.pid", "/var/cache/nginx/client_temp", "/var/log/nginx/access.log"),
            listening_ports=(80,),
        ),
        hardened=HardenedRun(
            ok=True, user="5000:5000", cap_add=("NET_BIND_SERVICE",),
            tmpfs=("/run", "/var/cache/nginx", "/var/log/nginx"), attempts=2,
        ),
        image=ImageFacts(suid_files=("/usr/bin/passwd", "/bin/su"), has_shell=True, has_package_manager=True),
    )  # fmt: skip
    return scenario(ROOT_NGINX, built(), trivy_counts(critical=1, high=2, medium=7, low=12, fixable=4), probe)


def hardened_app() -> Scenario:
    """Fixed UID 5000, no capabilities, writes nothing, distroless-like, no vulnerabilities."""
    probe = ProbeResult(
        StageStatus.COMPLETED,
        baseline=BaselineRun(
            uid=5000, gid=5000, groups=(5000,), cap_eff=(), no_new_privs=False, seccomp=2, alive=True,
            written_paths=(), listening_ports=(8080,),
        ),
        hardened=HardenedRun(ok=True, user=None, cap_add=(), tmpfs=(), attempts=1),
        image=ImageFacts(has_shell=False, has_package_manager=False),
    )  # fmt: skip
    return scenario(HARDENED_APP, built(), trivy_counts(low=2), probe)


def build_failed(dockerfile: str = ROOT_NGINX) -> Scenario:
    return scenario(
        dockerfile,
        BuildResult(
            StageStatus.FAILED, message_id="build.failed", log_tail="E: Unable to locate package nginx"
        ),
        TrivyResult(StageStatus.SKIPPED, message_id="stage.skipped_no_image"),
        ProbeResult(StageStatus.SKIPPED, message_id="stage.skipped_no_image"),
    )


def scan_json(case: Scenario, scan_id: str = "0f0e0d0c-0000-4000-8000-000000000001") -> dict:
    """The scan JSON the web layer builds (scans/serialize.py), from the stage results."""
    report = case.report()
    findings = sort_findings([*case.lint.findings, *case.trivy.findings, *case.probe.findings])
    stages = {
        "lint": case.lint,
        "build": case.build,
        "trivy": case.trivy,
        "probe": case.probe,
        "report": report,
    }
    return {
        "id": scan_id,
        "status": "completed",
        "dockerfile_path": case.source.path,
        "stages": {name: result.to_json() for name, result in stages.items()},
        "findings": [finding.to_json() for finding in findings],
        "grade": report.grade,
        "checklist": [item.to_json() for item in report.checklist],
        "fixes": report.fixes.to_json(),
        "verification": None,
    }


def verification_of(case: Scenario, scan_id: str = "0f0e0d0c-0000-4000-8000-000000000002") -> dict:
    """The `verification` object of the original scan, for a verify scan that ended like `case`."""
    full = scan_json(case, scan_id)
    return {"scan_id": scan_id, "status": full["status"], "checklist": full["checklist"]}
