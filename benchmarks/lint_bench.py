"""Lint speed: our linter in process vs hadolint one process per file, on the shared corpus.

Usage (from the repository root):
    .venv/bin/python benchmarks/lint_bench.py [--corpus DIR] [--hadolint PATH]

1. Lints every *.Dockerfile of the corpus once, in this process, each file timed on its
   own (first pass: no cache is warm for that file's text; one tiny file warms imports).
2. Runs `hadolint -f json FILE` once per file, as CI jobs and editors do, timing each.
3. Prints files/s, p50/p99/max per file for both, and the throughput ratio.
No Django needed; the numbers go into the "## Lint" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.lint.stage import lint_dockerfile  # noqa: E402
from scans.results import Source  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "public"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(math.ceil(fraction * len(sorted_values)) - 1, 0)
    return sorted_values[index]


def summary(name: str, times: list[float]) -> dict[str, float | str]:
    ordered = sorted(times)
    return {
        "tool": name,
        "files": len(times),
        "total_s": sum(times),
        "files_per_s": len(times) / sum(times),
        "p50_ms": percentile(ordered, 0.50) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def time_ours(paths: list[Path]) -> list[float]:
    lint_dockerfile(Source(scan_code="warm", dockerfile="FROM a:1\nRUN true\n"))  # imports, registry
    times = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        lint_dockerfile(Source(scan_code="bench", dockerfile=text))
        times.append(time.perf_counter() - start)
    return times


def time_hadolint(paths: list[Path], binary: str) -> list[float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        subprocess.run(
            [binary, "-f", "json", "--no-fail", str(path)], capture_output=True, check=False, timeout=60
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--hadolint", default=str(Path(sys.executable).parent / "hadolint"))
    options = parser.parse_args()
    paths = sorted(options.corpus.glob("*.Dockerfile"))
    if not paths:
        sys.exit(f"no *.Dockerfile in {options.corpus}")
    ours = summary("advisor lint (in process)", time_ours(paths))
    theirs = summary("hadolint, one process per file", time_hadolint(paths, options.hadolint))
    print(f"{len(paths)} files; Python {platform.python_version()}; {platform.machine()}")
    print("| tool | files/s | p50 per file | p99 per file | max | total |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in (ours, theirs):
        print(f"| {row['tool']} | {row['files_per_s']:.0f} | {row['p50_ms']:.1f} ms | {row['p99_ms']:.1f} ms "
              f"| {row['max_ms']:.1f} ms | {row['total_s']:.2f} s |")  # fmt: skip
    print(f"throughput ratio: {ours['files_per_s'] / theirs['files_per_s']:.1f}x hadolint")


if __name__ == "__main__":
    main()
