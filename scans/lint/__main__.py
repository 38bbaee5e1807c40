"""`python -m scans.lint PATH...`: the same linter as `manage.py lint`, without Django.

pre-commit calls this (see .pre-commit-hooks.yaml): no settings module, no database,
fast start. Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from scans.lint.cli import UsageError, add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scans.lint", description="Lint Dockerfiles for hardening problems."
    )
    add_arguments(parser)
    options = vars(parser.parse_args(argv))  # exits 2 on a bad flag, like manage.py lint
    try:
        output, code = run(options, sys.stdin.buffer)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(output)
    return code


if __name__ == "__main__":
    sys.exit(main())
