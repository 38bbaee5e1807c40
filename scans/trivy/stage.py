"""The Trivy stage: Trivy's view of the Dockerfile and of the built image."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

from scans.errors import ScanAppError
from scans.results import BuildResult, CommandRecord, Finding, Source, StageStatus, TrivyConfig, TrivyResult
from scans.trivy import parsing, runner
from scans.trivy.summary import base_image_layers, summarise, vulnerability_details


@dataclass
class _ImageScan:
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    sbom: str | None = None
    vuln_db: str = "unavailable"


def scan_image(source: Source, build: BuildResult, config: TrivyConfig) -> TrivyResult:
    """Run Trivy on the Dockerfile, and on the saved image when the build produced one.

    Input: the Source (its Dockerfile is checked with `trivy config` ALWAYS, also when
    the build failed or was skipped), the BuildResult (`image_archive`: the saved tar
    for ONE `trivy image --input` run with vuln, secret and misconfig scanners; the
    CycloneDX SBOM is converted from that run's report, not scanned again), and
    the TrivyConfig (binary, cache dir reused across scans, offline DB policy).
    Output: a TrivyResult with status
      COMPLETED   - everything ran; message_id "trivy.config_only" when there was no image;
      UNAVAILABLE - no vulnerability DB ("trivy.db_missing"): secrets and
                    misconfigurations were still scanned, vuln_db "unavailable";
      ERROR       - trivy missing ("trivy.missing"), exiting non-zero, timing out or
                    writing something that is not its JSON ("trivy.failed"; its output
                    tail is in the CommandRecord), or the shared cache held by another
                    trivy for longer than the timeout ("trivy.cache_busy"); Dockerfile
                    findings that were already made are kept.
    Budget: config.timeout_s per trivy run (four at most: config, image, image again
    without the vulnerability scanner when the DB cannot be opened, convert),
    enforced by run_command; plus at most as long again waiting for the cache lock.
    """
    commands: list[CommandRecord] = []
    config_findings: list[Finding] = []
    try:
        with TemporaryDirectory(prefix="advisor-trivy-") as workdir:
            config_findings = scan_dockerfile(source, config, workdir, commands)
            if not build.image_archive:
                return config_only_result(config_findings, config, commands)
            image = scan_archive(build.image_archive, config, workdir, commands)
    except ScanAppError as exc:
        # The Dockerfile checks that did run are kept: an image scan failure does not void them.
        return TrivyResult(
            StageStatus.ERROR,
            vuln_db=runner.vuln_db_status(config),
            findings=tuple(config_findings),
            commands=tuple(commands),
            message_id=exc.message_id,
        )
    is_available = image.vuln_db == "available"
    return TrivyResult(
        StageStatus.COMPLETED if is_available else StageStatus.UNAVAILABLE,
        vuln_db=image.vuln_db,
        summary=image.summary,
        findings=tuple(config_findings + image.findings),
        sbom=image.sbom,
        details=image.details,
        commands=tuple(commands),
        message_id=None if is_available else "trivy.db_missing",
    )


def run_checked(argv: list[str], config: TrivyConfig, workdir: str, commands: list[CommandRecord]) -> None:
    record = runner.run_trivy(argv, config, workdir)
    commands.append(record)
    if record.exit_code != 0:
        raise ScanAppError("trivy.failed", exit_code=record.exit_code)


def read_report(path: Path) -> dict:
    if not path.is_file():
        raise ScanAppError("trivy.failed", reason=f"trivy wrote no report at {path.name}")
    return parsing.load_report(path.read_text(encoding="utf-8", errors="replace"))


def scan_dockerfile(
    source: Source, config: TrivyConfig, workdir: str, commands: list[CommandRecord]
) -> list[Finding]:
    target = Path(workdir, "dockerfile")
    target.mkdir()
    # Named "Dockerfile" whatever the user's path: Trivy detects the type by file name.
    (target / "Dockerfile").write_text(source.dockerfile, encoding="utf-8")
    output = Path(workdir, "config.json")
    run_checked(runner.config_argv(config, str(target), str(output)), config, workdir, commands)
    return parsing.misconfig_findings(read_report(output), quote_code=True)


def config_only_result(
    findings: list[Finding], config: TrivyConfig, commands: list[CommandRecord]
) -> TrivyResult:
    return TrivyResult(
        StageStatus.COMPLETED,
        vuln_db=runner.vuln_db_status(config),
        summary=summarise([]),
        findings=tuple(findings),
        commands=tuple(commands),
        message_id="trivy.config_only",
    )


def scan_archive(
    archive: str, config: TrivyConfig, workdir: str, commands: list[CommandRecord]
) -> _ImageScan:
    output = Path(workdir, "image.json")
    vuln_db = runner.vuln_db_status(config)
    scanners = runner.IMAGE_SCANNERS if vuln_db == "available" else ("secret", "misconfig")
    record = runner.run_trivy(runner.image_argv(config, archive, str(output), scanners), config, workdir)
    commands.append(record)
    if runner.is_db_error(record) and "vuln" in scanners:
        # A DB that exists but Trivy cannot open: the same as none, scan the rest.
        vuln_db = "unavailable"
        scanners = ("secret", "misconfig")
        run_checked(runner.image_argv(config, archive, str(output), scanners), config, workdir, commands)
    elif record.exit_code != 0:
        raise ScanAppError("trivy.failed", exit_code=record.exit_code)
    report = read_report(output)
    scan = image_findings(report)
    scan.vuln_db = vuln_db
    scan.sbom = convert_sbom(output, config, workdir, commands)
    return scan


def image_findings(report: dict) -> _ImageScan:
    vulns = parsing.parse_vulnerabilities(report)
    base = base_image_layers(report)
    findings = [parsing.vulnerability_finding(v, in_base_image=v.layer in base.layers) for v in vulns]
    secrets = parsing.secret_findings(report)
    findings += secrets + parsing.misconfig_findings(report, quote_code=False)
    details = {**vulnerability_details(vulns, base), "secret_count": len(secrets)}
    return _ImageScan(findings=findings, summary=summarise(vulns), details=details)


def convert_sbom(report: Path, config: TrivyConfig, workdir: str, commands: list[CommandRecord]) -> str:
    output = Path(workdir, "sbom.cdx.json")
    run_checked(runner.convert_argv(config, str(report), str(output)), config, workdir, commands)
    if not output.is_file():
        raise ScanAppError("trivy.failed", reason="trivy convert wrote no SBOM")
    return output.read_text(encoding="utf-8", errors="replace")
