"""`manage.py lint PATH...`: the lint stage on files, for CI and pre-commit (no server needed)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from scans.lint.cli import UsageError, add_arguments, run


class Command(BaseCommand):
    help = "Lint Dockerfiles; exit 1 when a finding reaches --fail-on, 2 on usage errors."
    # The linter needs no database or URLs; skipping checks keeps pre-commit runs fast.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        add_arguments(parser)

    def handle(self, *args, **options) -> None:
        try:
            output, code = run(options, sys.stdin.buffer)
        except UsageError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(output)
        if code:
            sys.exit(code)
