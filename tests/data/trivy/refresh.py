"""Re-capture the Trivy outputs the unit tests parse, with the product's own command lines.

Usage (from the repository root, after `make run` set-up):
    python tests/data/trivy/refresh.py IMAGE_TAR
IMAGE_TAR is `podman save` of an image built from tests/data/trivy/fixture.Dockerfile
(`podman build --pull=never -t advisor-trivy-fixture -f fixture.Dockerfile ...`;
`podman save -o IMAGE_TAR advisor-trivy-fixture`). The argv comes from
scans.trivy.runner, so a change to our flags shows up as a change in COMMANDS.txt.
Outputs (gzip: the image reports list every package with its files):
  config-misconfigured.json, config-root-user.json   trivy config on *.Dockerfile
  config-all-checks.json      the same on misconfigured.Dockerfile, plus
                              --include-non-failures --include-deprecated-checks:
                              every Dockerfile check Trivy has (our refs point at these)
  image-fixture-db.json.gz    image scan with the fixture DB (tests/support/trivy_db.py)
  image-no-db.json.gz         image scan on a cache without a DB (secret+misconfig only)
  db-missing.txt              trivy's words when --skip-db-update meets an empty cache
  COMMANDS.txt                the exact commands, with the Trivy version
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from scans.results import TrivyConfig  # noqa: E402
from scans.sandbox.commands import run_command  # noqa: E402
from scans.trivy import runner  # noqa: E402
from tests.support.trivy_db import write_trivy_db  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = Path("/tmp/advisor-trivy-capture")  # fixed, so ArtifactName is stable across refreshes
TRIVY = str(Path(sys.executable).parent / "trivy")


def capture(argv: list[str], config: TrivyConfig, log: list[str]) -> str:
    record = runner.run_trivy(argv, config, str(WORK))
    log.append("$ " + " ".join(argv) + f"\n# exit {record.exit_code}\n")
    return record.output


def main(archive: str) -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    shutil.copy(archive, WORK / "image.tar")
    with_db = TrivyConfig(binary=TRIVY, cache_dir=str(WORK / "cache-db"), timeout_s=300)
    no_db = TrivyConfig(binary=TRIVY, cache_dir=str(WORK / "cache-empty"), timeout_s=300)
    write_trivy_db(WORK / "cache-db")
    version = run_command([TRIVY, "--version"], timeout=30).output.strip()
    log = [f"# {version}\n# fixture DB: tests/support/trivy_db.py DEBIAN_FIXTURE_VULNS\n"]
    for name in ("misconfigured", "root-user"):
        target = WORK / name
        target.mkdir()
        shutil.copy(HERE / f"{name}.Dockerfile", target / "Dockerfile")
        capture(runner.config_argv(with_db, str(target), str(HERE / f"config-{name}.json")), with_db, log)
    all_checks = runner.config_argv(
        with_db, str(WORK / "misconfigured"), str(HERE / "config-all-checks.json")
    )
    capture(
        all_checks[:2] + ["--include-non-failures", "--include-deprecated-checks"] + all_checks[2:],
        with_db,
        log,
    )
    for config, name, scanners in (
        (with_db, "fixture-db", runner.IMAGE_SCANNERS),
        (no_db, "no-db", ("secret", "misconfig")),
    ):
        output = WORK / f"image-{name}.json"
        capture(runner.image_argv(config, str(WORK / "image.tar"), str(output), scanners), config, log)
        (HERE / f"image-{name}.json.gz").write_bytes(gzip.compress(output.read_bytes(), mtime=0))
    failing = runner.image_argv(no_db, str(WORK / "image.tar"), str(WORK / "x.json"), runner.IMAGE_SCANNERS)
    (HERE / "db-missing.txt").write_text(capture(failing, no_db, log))
    (HERE / "COMMANDS.txt").write_text("\n".join(log))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
