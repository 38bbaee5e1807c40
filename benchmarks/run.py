"""`make bench`: every benchmark, one after the other; paste the output into docs/benchmarks.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("Lint", ["lint_bench.py"]),
    ("Trivy", ["trivy_scan.py", "--runs", "3"]),
    ("End to end", ["scan_bench.py", "--runs", "3"]),
]


def main() -> int:
    failed = 0
    for title, argv in SCRIPTS:
        print(f"\n## {title}\n", flush=True)
        failed |= subprocess.run([sys.executable, str(HERE / argv[0]), *argv[1:]], cwd=HERE.parent).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
