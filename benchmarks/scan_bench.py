"""End to end: `manage.py scan` (lint, build, trivy, probe, report) on small Dockerfiles.

Usage (after `make run` or `make test` set-up, from the repository root):
    .venv/bin/python benchmarks/scan_bench.py [--runs 3]

Runs the whole pipeline synchronously, exactly as the worker does, once per run and
Dockerfile, and prints wall time per scan, the build's own duration and the peak RSS
of the scan process (which includes the report's in-process work, not podman's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "busybox, runs as root": 'FROM busybox:latest\nCMD ["sleep", "300"]\n',
    "debian, root, writes /var/log": (
        "FROM debian:bookworm-slim\n"
        'RUN mkdir -p /var/log/app\nCMD ["sh", "-c", "echo up >> /var/log/app/out.log; exec sleep 300"]\n'
    ),
}


def run_case(text: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Dockerfile"
        path.write_text(text)
        env = dict(os.environ, DEBUG="True", SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only"))
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "manage.py", "scan", str(path), "--format", "json", "--fail-on", "critical"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| case | runs | median wall | build | stages | grade |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for name, text in CASES.items():
        results = [run_case(text) for _ in range(args.runs)]
        walls = [wall for wall, _ in results]
        data = results[-1][1]
        statuses = ", ".join(f"{k} {v['status']}" for k, v in data["stages"].items())
        build_s = statistics.median(r[1]["stages"]["build"].get("duration_s") or 0 for r in results)
        print(
            f"| {name} | {args.runs} | {statistics.median(walls):.1f} s | {build_s:.1f} s "
            f"| {statuses} | {data['grade']} |"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS of one scan process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
