"""`manage.py lint PATH...`: the lint stage on files, for CI and pre-commit (no server needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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

SEVERITIES = [str(s) for s in Severity]


class Command(BaseCommand):
    help = "Lint Dockerfiles; exit 1 when a finding reaches --fail-on, 2 on usage errors."
    # The linter needs no database or URLs; skipping checks keeps pre-commit runs fast.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", help="Dockerfile paths; - reads standard input")
        parser.add_argument("--format", choices=["text", "json", "sarif"], default="text")
        parser.add_argument(
            "--fail-on", choices=SEVERITIES, default=None, help="default: config fail_on, else high"
        )
        parser.add_argument(
            "--fix", action="store_true", help="also print a unified diff of the hardened Dockerfile"
        )
        parser.add_argument("--list-rules", action="store_true", help="print the rule registry and exit")

    def handle(self, *args, **options) -> None:
        if options["list_rules"]:
            self.stdout.write(rules_json() if options["format"] == "json" else rules_text())
            return
        if not options["paths"]:
            raise CommandError("give at least one Dockerfile path (or - for standard input)", returncode=2)
        reports, thresholds = [], []
        for path in options["paths"]:
            try:
                data = read_input(path, sys.stdin.buffer)
                config = config_for(path, Path.cwd())
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror or exc}", returncode=2) from exc
            except ConfigError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            reports.append(lint_one(path, data, config, fix=options["fix"]))
            thresholds.append(config.fail_on)
        self.stdout.write(self.render(reports, options["format"], options["fix"]))
        fail_on = (
            Severity(options["fail_on"])
            if options["fail_on"]
            else next((t for t in thresholds if t), Severity.HIGH)
        )
        if worst_rank(reports) >= fail_on.rank:
            sys.exit(1)

    def render(self, reports, fmt: str, show_fix: bool) -> str:
        if fmt == "json":
            return render_json(reports)
        if fmt == "sarif":
            return render_sarif(reports)
        return render_text(reports, show_fix=show_fix)
