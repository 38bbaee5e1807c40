"""`python -m scans.lint PATH...`: the same linter as `manage.py lint`, without Django.

pre-commit calls this (see .pre-commit-hooks.yaml): no settings module, no database,
fast start. Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scans.lint.cli import (
    config_for,
    lint_one,
    read_input,
    render_json,
    render_text,
    rules_json,
    rules_text,
    worst_rank,
)
from scans.lint.config import ConfigError
from scans.lint.sarif import render_sarif
from scans.results import Severity


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scans.lint", description="Lint Dockerfiles for hardening problems."
    )
    parser.add_argument("paths", nargs="*", help="Dockerfile paths; - reads standard input")
    parser.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    parser.add_argument("--fail-on", choices=[str(s) for s in Severity], default=None)
    parser.add_argument(
        "--fix", action="store_true", help="also print a unified diff of the hardened Dockerfile"
    )
    parser.add_argument("--list-rules", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)  # exits 2 on a bad flag, like manage.py lint
    if options.list_rules:
        print(rules_json() if options.format == "json" else rules_text())
        return 0
    if not options.paths:
        parser.error("give at least one Dockerfile path (or - for standard input)")
    reports, thresholds = [], []
    for path in options.paths:
        try:
            data = read_input(path, sys.stdin.buffer)
            config = config_for(path, Path.cwd())
        except (OSError, ConfigError) as exc:
            print(f"error: {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
        reports.append(lint_one(path, data, config, fix=options.fix))
        thresholds.append(config.fail_on)
    renderers = {"json": render_json, "sarif": render_sarif}
    print(
        renderers[options.format](reports)
        if options.format in renderers
        else render_text(reports, show_fix=options.fix)
    )
    fail_on = (
        Severity(options.fail_on) if options.fail_on else next((t for t in thresholds if t), Severity.HIGH)
    )
    return 1 if worst_rank(reports) >= fail_on.rank else 0


if __name__ == "__main__":
    sys.exit(main())
