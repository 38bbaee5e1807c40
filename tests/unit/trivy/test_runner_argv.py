"""Trivy command lines and the DB policy helpers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scans.errors import ScanAppError
from scans.results import CommandRecord, TrivyConfig
from scans.trivy import runner
from tests.support.trivy_db import write_trivy_db
from tests.unit.trivy.captures import capture_text

OFFLINE = TrivyConfig(binary="/opt/trivy", cache_dir="/var/cache/trivy", timeout_s=120)
ONLINE = TrivyConfig(
    binary="/opt/trivy",
    cache_dir="/c",
    timeout_s=60,
    db_repository="mirror.example/trivy-db:2",
    offline=False,
)


def record(exit_code: int | None, output: str = "") -> CommandRecord:
    return CommandRecord(("trivy",), exit_code, output, datetime.now(UTC), 0.1)


def test_it_scans_the_archive_once_with_all_scanners_offline():
    argv = runner.image_argv(OFFLINE, "/tmp/x/image.tar", "/tmp/w/image.json", runner.IMAGE_SCANNERS)
    assert argv == [
        "/opt/trivy", "image", "--cache-dir", "/var/cache/trivy", "--timeout", "120s", "--quiet",
        "--skip-check-update", "--skip-version-check", "--disable-telemetry",
        "--no-progress", "--skip-db-update", "--skip-java-db-update", "--offline-scan",
        "--scanners", "vuln,secret,misconfig", "--image-config-scanners", "secret", "--list-all-pkgs",
        "--format", "json", "--output", "/tmp/w/image.json", "--input", "/tmp/x/image.tar",
    ]  # fmt: skip


def test_it_lets_trivy_use_a_db_mirror_when_not_offline():
    argv = runner.image_argv(ONLINE, "i.tar", "o.json", ("secret",))
    assert "--skip-db-update" not in argv
    assert argv[argv.index("--db-repository") + 1] == "mirror.example/trivy-db:2"


def test_it_checks_the_dockerfile_without_db_flags_trivy_config_refuses():
    argv = runner.config_argv(OFFLINE, "/tmp/w/dockerfile", "/tmp/w/config.json")
    assert argv[:2] == ["/opt/trivy", "config"]
    assert "--skip-db-update" not in argv and "--no-progress" not in argv
    assert argv[-1] == "/tmp/w/dockerfile"
    assert argv[argv.index("--misconfig-scanners") + 1] == "dockerfile"


def test_it_converts_the_report_to_cyclonedx_without_rescanning():
    assert runner.convert_argv(OFFLINE, "r.json", "s.json") == [
        "/opt/trivy",
        "convert",
        "--quiet",
        "--format",
        "cyclonedx",
        "--output",
        "s.json",
        "r.json",
    ]


def test_it_recognises_trivys_own_words_for_a_missing_db():
    assert runner.is_db_error(record(1, capture_text("db-missing.txt"))) is True
    assert runner.is_db_error(record(1, "FATAL Fatal error unknown flag: --bogus")) is False
    assert runner.is_db_error(record(0, capture_text("db-missing.txt"))) is False


def test_it_reports_the_db_unavailable_on_an_empty_cache(tmp_path):
    assert runner.vuln_db_status(TrivyConfig(cache_dir=str(tmp_path))) == "unavailable"


def test_it_reports_the_db_available_once_one_is_written(tmp_path):
    write_trivy_db(tmp_path)
    assert runner.vuln_db_status(TrivyConfig(cache_dir=str(tmp_path))) == "available"


def test_it_never_downloads_the_db_when_offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("offline policy ran a command")

    monkeypatch.setattr(runner, "run_command", refuse)
    assert runner.update_vuln_db(OFFLINE) is None


def test_it_downloads_the_db_from_the_mirror_when_allowed(monkeypatch, tmp_path):
    seen = {}

    def fake_run(argv, **kwargs):
        seen["argv"], seen["timeout"] = list(argv), kwargs["timeout"]
        return record(0)

    monkeypatch.setattr(runner, "run_command", fake_run)
    config = TrivyConfig(
        binary="/opt/trivy",
        cache_dir=str(tmp_path / "c"),
        timeout_s=60,
        db_repository="mirror.example/trivy-db:2",
        offline=False,
    )
    assert runner.update_vuln_db(config).exit_code == 0
    assert seen["argv"][:2] == ["/opt/trivy", "image"]
    assert "--download-db-only" in seen["argv"]
    assert seen["argv"][seen["argv"].index("--db-repository") + 1] == "mirror.example/trivy-db:2"
    assert seen["timeout"] == 60 + runner.GRACE_S
    assert (tmp_path / "c").is_dir()


def test_it_turns_a_missing_binary_into_trivy_missing(tmp_path):
    config = TrivyConfig(binary=str(tmp_path / "no-trivy-here"), cache_dir=str(tmp_path))
    with pytest.raises(ScanAppError) as error:
        runner.run_trivy([config.binary, "--version"], config, str(tmp_path))
    assert error.value.message_id == "trivy.missing"
