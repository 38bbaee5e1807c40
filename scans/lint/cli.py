"""What `manage.py lint` does, without Django: read files, lint, fix, render.

The management command only parses flags and calls lint_paths/render_*; keeping
the work here lets tests call it directly and the command stay tiny.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import argparse

from scans.lint.config import ConfigError, LintConfig, load_config
from scans.lint.fixing import FixResult, fix_dockerfile
from scans.lint.registry import all_rules
from scans.lint.sarif import render_sarif
from scans.lint.stage import lint_dockerfile
from scans.results import Finding, Severity, Source, StageStatus

MAX_BYTES = 256 * 1024  # the same limit the web form applies (ADVISOR_MAX_DOCKERFILE_BYTES default)
STDIN = "-"


@dataclass(frozen=True)
class FileReport:
    path: str
    error: str | None
    findings: tuple[Finding, ...] = ()
    text: str = ""
    fix: FixResult | None = None
    suppressed: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "error": self.error,
            "findings": [f.to_json() for f in self.findings],
            "suppressed": self.suppressed,
        }
        if self.fix is not None:
            data["fix"] = {"applied": list(self.fix.applied), "diff": self.fix.diff, "text": self.fix.text}
        return data


def decode(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Bytes -> text, or ValueError with the exact reason the file cannot be linted."""
    if len(data) > max_bytes:
        raise ValueError(f"file is {len(data)} bytes; the limit is {max_bytes}")
    if b"\x00" in data:
        raise ValueError("file contains NUL bytes (binary file?)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"file is not UTF-8 (invalid byte at offset {exc.start})") from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise ValueError("file is empty")
    return text


def config_for(path: str, cwd: Path) -> LintConfig:
    """Config files next to the linted file win over those in the working directory."""
    directories = [] if path == STDIN else [Path(path).resolve().parent]
    if cwd.resolve() not in directories:
        directories.append(cwd.resolve())
    return load_config(directories)


def lint_one(path: str, data: bytes, config: LintConfig, *, fix: bool = False) -> FileReport:
    try:
        text = decode(data)
    except ValueError as exc:
        return FileReport(path, str(exc))
    result = lint_dockerfile(Source(scan_code="cli", dockerfile=text, path=path), config)
    if result.status != StageStatus.COMPLETED:
        return FileReport(path, result.error or "could not lint", text=text)
    fixed = fix_dockerfile(text) if fix else None
    return FileReport(path, None, result.findings, text, fixed, result.suppressed)


def read_input(path: str, stdin: BinaryIO) -> bytes:
    """Raises OSError for a path that cannot be read (the command turns it into exit 2)."""
    if path == STDIN:
        return stdin.read(MAX_BYTES + 1)
    return Path(path).read_bytes()


def worst_rank(reports: list[FileReport]) -> int:
    """The rank of the worst finding; a file that could not be linted counts as high."""
    ranks = [f.severity.rank for r in reports for f in r.findings]
    ranks += [Severity.HIGH.rank for r in reports if r.error]
    return max(ranks, default=-1)


def render_json(reports: list[FileReport]) -> str:
    return json.dumps({"files": [r.to_json() for r in reports]}, indent=2)


def render_text(reports: list[FileReport], *, show_fix: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        if report.error:
            lines.append(f"{report.path}: error: {report.error}")
        for f in report.findings:
            lines.append(
                f"{report.path}:{f.line if f.line is not None else '-'} {f.rule} {f.severity}: {f.title}"
            )
            lines.append(f"    {f.message}")
        if show_fix and report.fix is not None:
            lines.append(
                report.fix.diff.rstrip("\n") if report.fix.diff else f"{report.path}: nothing to fix"
            )
    total = sum(len(r.findings) for r in reports)
    lines.append(f"{total} finding(s) in {len(reports)} file(s)")
    return "\n".join(lines)


def rules_json() -> str:
    rows = [
        {
            "id": r.id,
            "severity": str(r.severity),
            "title": r.title,
            "refs": {k: list(v) for k, v in r.refs.items()},
        }
        for r in all_rules()
    ]
    return json.dumps(rows, indent=2)


def rules_text() -> str:
    return "\n".join(f"{r.id}  {str(r.severity):8}  {r.title}" for r in all_rules())


class UsageError(Exception):
    """A path that cannot be read or a config that cannot be used: exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `manage.py lint` and `python -m scans.lint` (one definition for both)."""
    parser.add_argument("paths", nargs="*", help="Dockerfile paths; - reads standard input")
    parser.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    parser.add_argument(
        "--fail-on", choices=[str(s) for s in Severity], default=None, help="default: config, else high"
    )
    parser.add_argument(
        "--fix", action="store_true", help="also print a unified diff of the hardened Dockerfile"
    )
    parser.add_argument("--list-rules", action="store_true", help="print the rule registry and exit")


def run(options: dict[str, Any], stdin: BinaryIO) -> tuple[str, int]:
    """(output, exit code) for parsed options; raises UsageError for exit code 2."""
    if options["list_rules"]:
        return (rules_json() if options["format"] == "json" else rules_text()), 0
    if not options["paths"]:
        raise UsageError("give at least one Dockerfile path (or - for standard input)")
    reports, thresholds = [], []
    for path in options["paths"]:
        try:
            data = read_input(path, stdin)
            config = config_for(path, Path.cwd())
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except ConfigError as exc:
            raise UsageError(str(exc)) from exc
        reports.append(lint_one(path, data, config, fix=options["fix"]))
        thresholds.append(config.fail_on)
    fail_on = (
        Severity(options["fail_on"])
        if options["fail_on"]
        else next((t for t in thresholds if t), Severity.HIGH)
    )
    return render(reports, options["format"], options["fix"]), int(worst_rank(reports) >= fail_on.rank)


def render(reports: list[FileReport], fmt: str, show_fix: bool) -> str:
    if fmt == "json":
        return render_json(reports)
    if fmt == "sarif":
        return render_sarif(reports)
    return render_text(reports, show_fix=show_fix)
