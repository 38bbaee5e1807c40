"""`manage.py scan PATH`: the whole pipeline, synchronously, with the worker's code (for CI)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scans import pipeline
from scans.errors import ScanUserError
from scans.forms import user_error_text
from scans.intake import NothingToVerify, verification_source
from scans.models import Scan
from scans.report.exports import to_markdown, to_sarif
from scans.results import Severity
from scans.serialize import scan_to_json
from scans.source import decode_dockerfile

SEVERITIES = [str(s) for s in Severity]


class Command(BaseCommand):
    help = "Lint, build, scan, probe and report one Dockerfile; exit 1 if a finding reaches --fail-on."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Dockerfile path, or - for standard input")
        parser.add_argument("--format", choices=["json", "sarif", "markdown"], default="json")
        parser.add_argument("--fail-on", choices=SEVERITIES, default="high")
        parser.add_argument(
            "--verify", action="store_true", help="also rebuild and re-probe the hardened Dockerfile"
        )
        parser.add_argument("--max-bytes", type=int, default=None)

    def handle(self, *args, **options) -> None:
        text = self.read_source(options["path"], options["max_bytes"])
        scan = run_synchronously(
            text, filename=Path(options["path"]).name if options["path"] != "-" else "Dockerfile"
        )
        if options["verify"]:
            try:
                dockerfile, runtime = verification_source(scan)
            except NothingToVerify:
                self.stderr.write("Nothing to verify: the report has no hardened Dockerfile.")
            else:
                run_synchronously(dockerfile, filename=scan.filename, verifies=scan, runtime=runtime)
        data = scan_to_json(scan)
        self.stdout.write(render(data, options["format"], scan.filename))
        threshold = Severity(options["fail_on"]).rank
        if any(Severity(f["severity"]).rank >= threshold for f in data["findings"]):
            sys.exit(1)

    def read_source(self, path: str, max_bytes: int | None) -> str:
        from django.conf import settings

        limit = max_bytes or settings.ADVISOR_MAX_DOCKERFILE_BYTES
        try:
            data = sys.stdin.buffer.read(limit + 1) if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from exc
        try:
            return decode_dockerfile(data, max_bytes=limit)
        except ScanUserError as error:
            raise CommandError(user_error_text(error), returncode=2) from error


def run_synchronously(
    text: str, *, filename: str, verifies: Scan | None = None, runtime: dict | None = None
) -> Scan:
    scan = Scan.objects.create(
        dockerfile=text,
        filename=filename,
        source_kind=Scan.SourceKind.CLI,
        verifies=verifies,
        runtime=runtime,
    )
    scan.create_stage_runs()
    if pipeline.run_lint_phase(scan):
        pipeline.run_sandbox_phase(scan)
    scan.refresh_from_db()
    return scan


def render(data: dict, fmt: str, path: str) -> str:
    if fmt == "sarif":
        return json.dumps(to_sarif(data, dockerfile_path=path), indent=2)
    if fmt == "markdown":
        return to_markdown(data)
    return json.dumps(data, indent=2)
