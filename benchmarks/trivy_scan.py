"""Time the Trivy stage on the fixture image: cold cache, then warm cache, then without a DB.

Usage (from the repository root, after `make run` set-up, as the worker's user):
    DEBUG=True SECRET_KEY=bench .venv/bin/python benchmarks/trivy_scan.py [--runs 3]
It builds tests/data/trivy/fixture.Dockerfile with the real build stage, writes the
fixture vulnerability DB into a fresh cache directory and runs scan_image: the first
run fills Trivy's layer cache, the later ones reuse it (as scans of the same base do).
Prints one line per trivy command (config, image, convert) with its wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")

import django  # noqa: E402

django.setup()

from scans.build.stage import build_image  # noqa: E402
from scans.limits import limits_from_settings  # noqa: E402
from scans.results import Source, TrivyConfig, TrivyResult  # noqa: E402
from scans.sandbox.baseimages import ensure_base_images  # noqa: E402
from scans.sandbox.janitor import remove_scan_objects  # noqa: E402
from scans.trivy.stage import scan_image  # noqa: E402
from tests.support.trivy_db import write_trivy_db  # noqa: E402

DOCKERFILE = (ROOT / "tests" / "data" / "trivy" / "fixture.Dockerfile").read_text()


def report(label: str, result: TrivyResult, total_s: float) -> None:
    steps = ", ".join(f"{c.argv[1]} {c.duration_s:.2f}s" for c in result.commands)
    print(f"{label:<14} {result.status:<11} total {total_s:6.2f}s  ({steps})")


def timed_scan(source: Source, build, config: TrivyConfig) -> tuple[TrivyResult, float]:
    start = time.monotonic()
    result = scan_image(source, build, config)
    return result, time.monotonic() - start


def main(runs: int) -> None:
    limits = limits_from_settings()
    ensure_base_images(limits.sandbox)
    code = str(uuid.uuid4())
    source = Source(code, DOCKERFILE)
    build = build_image(source, limits)
    if not build.image_archive:
        sys.exit(f"build failed: {build.message_id}\n{build.log_tail}")
    size_mb = Path(build.image_archive).stat().st_size / 1e6
    print(f"image archive {size_mb:.0f} MB; trivy {limits.trivy.binary}")
    try:
        with tempfile.TemporaryDirectory() as cache:
            write_trivy_db(Path(cache, "db-cache"))
            config = TrivyConfig(binary=limits.trivy.binary, cache_dir=str(Path(cache, "db-cache")))
            for run in range(runs):
                report("cold cache" if run == 0 else f"warm cache {run}", *timed_scan(source, build, config))
            empty = TrivyConfig(binary=limits.trivy.binary, cache_dir=str(Path(cache, "empty")))
            report("no DB (cold)", *timed_scan(source, build, empty))
    finally:
        remove_scan_objects(code, limits.sandbox)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
