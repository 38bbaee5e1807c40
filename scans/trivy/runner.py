"""Trivy command lines and the vulnerability-DB policy.

Every trivy call goes through `run_trivy`, which goes through `run_command`. Flags
that keep Trivy quiet on the network are always set: no telemetry, no version
check, no check-bundle download; the vulnerability DB is only downloaded by
`update_vuln_db`, never during a scan, unless the config says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from scans.errors import ScanAppError
from scans.results import CommandRecord, TrivyConfig
from scans.sandbox.commands import run_command
from scans.trivy.cachelock import cache_lock

MAX_OUTPUT = 64 * 1024  # trivy's own log; the report goes to a file, not to stdout
GRACE_S = 30  # trivy's own --timeout fires first and exits cleanly; we kill only after this

IMAGE_SCANNERS = ("vuln", "secret", "misconfig")
# Trivy refuses --skip-db-update on a cache without a DB, and says so in these words.
DB_ERROR_MARKERS = ("DB error", "--skip-db-update cannot be specified", "failed to download vulnerability DB")


def common_flags(config: TrivyConfig) -> list[str]:
    return [
        "--cache-dir",
        config.cache_dir,
        "--timeout",
        f"{config.timeout_s}s",
        "--quiet",
    ]


def offline_flags() -> list[str]:
    # The embedded Dockerfile checks are used; nothing phones home.
    return ["--skip-check-update", "--skip-version-check", "--disable-telemetry"]


def db_flags(config: TrivyConfig) -> list[str]:
    flags = ["--no-progress"]
    if config.offline:
        flags += ["--skip-db-update", "--skip-java-db-update", "--offline-scan"]
    if config.db_repository:
        flags += ["--db-repository", config.db_repository]
    return flags


def config_argv(config: TrivyConfig, target_dir: str, output: str) -> list[str]:
    """`trivy config` on a directory holding only the user's Dockerfile."""
    return [
        config.binary,
        "config",
        *common_flags(config),
        *offline_flags(),
        "--misconfig-scanners",
        "dockerfile",
        "--format",
        "json",
        "--output",
        output,
        target_dir,
    ]


def image_argv(config: TrivyConfig, archive: str, output: str, scanners: tuple[str, ...]) -> list[str]:
    """One `trivy image --input` run; --list-all-pkgs so the SBOM can be converted from it."""
    return [
        config.binary,
        "image",
        *common_flags(config),
        *offline_flags(),
        *db_flags(config),
        "--scanners",
        ",".join(scanners),
        # Secrets in ENV/labels live in the image config, not in a layer.
        "--image-config-scanners",
        "secret",
        "--list-all-pkgs",
        "--format",
        "json",
        "--output",
        output,
        "--input",
        archive,
    ]


def convert_argv(config: TrivyConfig, report: str, output: str) -> list[str]:
    """CycloneDX from the JSON report: no second scan, the packages are in the report."""
    return [config.binary, "convert", "--quiet", "--format", "cyclonedx", "--output", output, report]


def db_update_argv(config: TrivyConfig) -> list[str]:
    argv = [config.binary, "image", *common_flags(config), "--download-db-only", "--no-progress"]
    argv += ["--skip-version-check", "--disable-telemetry"]
    if config.db_repository:
        argv += ["--db-repository", config.db_repository]
    return argv


def trivy_env(workdir: str) -> dict[str, str]:
    # A minimal environment: no TRIVY_* from the worker's shell changes what we scan,
    # and trivy.yaml / trivy-secret.yaml are looked up in `workdir`, which holds neither.
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": workdir,
        "TRIVY_DISABLE_TELEMETRY": "true",
    }


def run_trivy(argv: list[str], config: TrivyConfig, workdir: str) -> CommandRecord:
    """Run one trivy command in `workdir`.

    Output: its CommandRecord (the report itself is in the --output file).
    Raises ScanAppError("trivy.missing") when the binary does not exist, and
    ScanAppError("trivy.cache_busy") when another trivy held the cache too long.
    Budget: waiting for the cache lock, then config.timeout_s (trivy's own
    --timeout) plus a grace period, each bounded.
    """
    try:
        with cache_lock(config.cache_dir, timeout_s=config.timeout_s):
            return run_command(
                argv,
                timeout=config.timeout_s + GRACE_S,
                max_output=MAX_OUTPUT,
                cwd=workdir,
                env=trivy_env(workdir),
            )
    except (FileNotFoundError, PermissionError) as exc:
        raise ScanAppError("trivy.missing", binary=config.binary) from exc


def is_db_error(record: CommandRecord) -> bool:
    return record.exit_code not in (0, None) and any(marker in record.output for marker in DB_ERROR_MARKERS)


def db_dir(config: TrivyConfig) -> Path:
    return Path(config.cache_dir) / "db"


def vuln_db_status(config: TrivyConfig) -> str:
    """ "available" when the cache holds a vulnerability DB and its metadata, else "unavailable".

    Reads two files; runs nothing. A DB that exists but Trivy cannot open is caught
    later, by the scan itself (`is_db_error`), and also reported as unavailable.
    """
    directory = db_dir(config)
    database = directory / "trivy.db"
    if database.is_file() and database.stat().st_size > 0 and (directory / "metadata.json").is_file():
        return "available"
    return "unavailable"


def update_vuln_db(config: TrivyConfig) -> CommandRecord | None:
    """Download or refresh the vulnerability DB into config.cache_dir, if the policy allows.

    Policy: with config.offline (ADVISOR_TRIVY_DB_UPDATE=offline) it never downloads
    (an operator provides the DB) and returns None; otherwise ("startup", "schedule")
    it downloads from config.db_repository or Trivy's default mirrors.
    Output: the CommandRecord; a failed download leaves the previous DB in place and
    shows as a non-zero exit code, never an exception.
    Raises ScanAppError("trivy.missing") when the binary does not exist.
    Budget: config.timeout_s.
    """
    if config.offline:
        return None
    Path(config.cache_dir).mkdir(parents=True, exist_ok=True)
    return run_trivy(db_update_argv(config), config, workdir=config.cache_dir)
