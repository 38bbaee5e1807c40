"""scan_image's statuses, with run_command replaced by a fake trivy that writes real captures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scans.results import BuildResult, CommandRecord, Source, StageStatus, TrivyConfig
from scans.trivy import runner, stage
from tests.support.trivy_db import write_trivy_db
from tests.unit.trivy.captures import DATA, capture_text

SBOM = '{"bomFormat": "CycloneDX", "specVersion": "1.7"}'
SOURCE = Source("0f3a", (DATA / "misconfigured.Dockerfile").read_text())
# What Trivy 0.76 says about misconfigured.Dockerfile (config-misconfigured.json).
DOCKERFILE_CHECKS = ["DS-0001", "DS-0002", "DS-0005", "DS-0026", "DS-0029", "DS-0031"]
BUILT = BuildResult(StageStatus.COMPLETED, image_ref="advisor/x", image_archive="/var/tmp/scan/image.tar")


class FakeTrivy:
    """Writes a captured report to --output, as the real binary does, and records the argv."""

    def __init__(self, image_capture: str = "image-fixture-db.json.gz") -> None:
        self.calls: list[list[str]] = []
        self.image_capture = image_capture
        self.failures: dict[str, tuple[int, str]] = {}  # subcommand -> (exit code, output), once

    def __call__(self, argv, **kwargs) -> CommandRecord:
        argv = list(argv)
        self.calls.append(argv)
        command = argv[1]
        if command in self.failures:
            exit_code, output = self.failures.pop(command)
            return CommandRecord(tuple(argv), exit_code, output, datetime.now(UTC), 0.1)
        output = Path(argv[argv.index("--output") + 1])
        output.write_text(self.content(command))
        return CommandRecord(tuple(argv), 0, "", datetime.now(UTC), 0.1)

    def content(self, command: str) -> str:
        if command == "config":
            return capture_text("config-misconfigured.json")
        if command == "convert":
            return SBOM
        return capture_text(self.image_capture)


@pytest.fixture
def fake(monkeypatch) -> FakeTrivy:
    trivy = FakeTrivy()
    monkeypatch.setattr(runner, "run_command", trivy)
    return trivy


def config_for(cache: Path, *, with_db: bool) -> TrivyConfig:
    if with_db:
        write_trivy_db(cache)
    return TrivyConfig(binary="/opt/trivy", cache_dir=str(cache), timeout_s=60)


def test_it_checks_the_dockerfile_even_without_an_image(fake, tmp_path):
    result = stage.scan_image(
        SOURCE, BuildResult(StageStatus.FAILED, message_id="build.failed"), config_for(tmp_path, with_db=True)
    )
    assert (result.status, result.message_id, result.vuln_db) == (
        StageStatus.COMPLETED,
        "trivy.config_only",
        "available",
    )
    assert [f.rule for f in result.findings] == DOCKERFILE_CHECKS
    assert [call[1] for call in fake.calls] == ["config"]
    assert result.sbom is None


def test_it_scans_the_image_once_and_converts_the_sbom(fake, tmp_path):
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=True))
    assert (result.status, result.message_id, result.vuln_db) == (StageStatus.COMPLETED, None, "available")
    assert [call[1] for call in fake.calls] == ["config", "image", "convert"]
    image_call = fake.calls[1]
    assert image_call[image_call.index("--scanners") + 1] == "vuln,secret,misconfig"
    assert image_call[-1] == "/var/tmp/scan/image.tar"
    assert result.summary == {"critical": 0, "high": 1, "medium": 1, "low": 1, "unknown": 0, "fixable": 2}
    assert result.sbom == SBOM
    assert [f.rule for f in result.findings if f.extra["kind"] != "misconfig"] == [
        "CVE-2099-0004",
        "CVE-2099-0002",
        "CVE-2099-0001",
        "secret:aws-access-key-id",
    ]
    assert [f.extra["in_base_image"] for f in result.findings if f.extra["kind"] == "vulnerability"] == [
        False,
        True,
        True,
    ]
    assert result.to_json()["base_image_vulns"] == 2
    assert len(result.commands) == 3


def test_it_scans_secrets_and_misconfigs_without_a_db(fake, tmp_path):
    fake.image_capture = "image-no-db.json.gz"
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=False))
    assert (result.status, result.message_id, result.vuln_db) == (
        StageStatus.UNAVAILABLE,
        "trivy.db_missing",
        "unavailable",
    )
    image_call = fake.calls[1]
    assert image_call[image_call.index("--scanners") + 1] == "secret,misconfig"
    assert [f.rule for f in result.findings if f.extra["kind"] == "secret"] == ["secret:aws-access-key-id"]
    assert result.summary["fixable"] == 0
    assert result.sbom == SBOM


def test_it_falls_back_when_trivy_cannot_open_the_db(fake, tmp_path):
    fake.failures["image"] = (1, capture_text("db-missing.txt"))
    fake.image_capture = "image-no-db.json.gz"
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=True))
    assert (result.status, result.vuln_db) == (StageStatus.UNAVAILABLE, "unavailable")
    assert [call[1] for call in fake.calls] == ["config", "image", "image", "convert"]
    assert fake.calls[2][fake.calls[2].index("--scanners") + 1] == "secret,misconfig"
    assert result.commands[1].exit_code == 1


def test_it_reports_a_failing_trivy_as_a_stage_error_with_its_output(fake, tmp_path):
    fake.failures["config"] = (2, "2026-11-25T15:00:52Z\tFATAL\tFatal error\tsomething broke")
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=True))
    assert (result.status, result.message_id) == (StageStatus.ERROR, "trivy.failed")
    assert result.commands[0].output.endswith("Fatal error\tsomething broke")
    assert result.findings == ()


def test_it_reports_an_unparseable_report_as_a_stage_error(fake, monkeypatch, tmp_path):
    monkeypatch.setattr(fake, "content", lambda command: "panic: runtime error")
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=True))
    assert (result.status, result.message_id) == (StageStatus.ERROR, "trivy.failed")


def test_it_reports_a_missing_binary_as_trivy_missing(tmp_path):
    config = TrivyConfig(binary=str(tmp_path / "absent" / "trivy"), cache_dir=str(tmp_path))
    result = stage.scan_image(SOURCE, BUILT, config)
    assert (result.status, result.message_id, result.commands) == (StageStatus.ERROR, "trivy.missing", ())


def test_it_keeps_the_dockerfile_checks_when_the_image_scan_fails(fake, tmp_path):
    fake.failures["image"] = (1, "2026-11-25T15:00:52Z\tFATAL\tFatal error\tunable to open archive")
    result = stage.scan_image(SOURCE, BUILT, config_for(tmp_path, with_db=True))
    assert (result.status, result.message_id) == (StageStatus.ERROR, "trivy.failed")
    assert [f.rule for f in result.findings] == DOCKERFILE_CHECKS
    assert [c.exit_code for c in result.commands] == [0, 1]
