"""A scripted stand-in for scans.sandbox.commands.run_command (the one thing unit tests may patch)."""

from __future__ import annotations

import os
import pwd
from collections.abc import Sequence
from datetime import UTC, datetime

from scans.results import CommandRecord, SandboxConfig


def own_config(work_dir: str = "/nonexistent") -> SandboxConfig:
    # Our own account, so no sandbox account is needed to run unit tests.
    return SandboxConfig(user=pwd.getpwuid(os.geteuid()).pw_name, work_dir=work_dir)


class FakeCommands:
    """Answers by the first rule whose words all appear in the argv; records every call."""

    def __init__(self, rules: Sequence[tuple[tuple[str, ...], int | None, str]] = ()) -> None:
        self.rules = list(rules)
        self.calls: list[list[str]] = []

    def __call__(
        self, argv, *, timeout, max_output=0, cwd=None, env=None, on_output=None, output_interval_s=1.0
    ):
        argv = list(argv)
        self.calls.append(argv)
        exit_code, output = 0, ""
        for words, code, text in self.rules:
            if all(word in argv for word in words):
                exit_code, output = code, text
                break
        if on_output:
            on_output(output)
        return CommandRecord(
            argv=tuple(argv),
            exit_code=exit_code,
            output=output,
            started_at=datetime.now(UTC),
            duration_s=0.01,
            timed_out=exit_code is None,
        )

    def called_with(self, *words: str) -> list[list[str]]:
        return [argv for argv in self.calls if all(word in argv for word in words)]


def give_subordinate_ids(monkeypatch, tmp_path, name: str) -> None:
    """Point preflight at subuid/subgid files that list `name` (our own account)."""
    from scans.sandbox import preflight

    paths = []
    for base in ("subuid", "subgid"):
        path = tmp_path / base
        path.write_text(f"{name}:100000:65536\n")
        paths.append(str(path))
    monkeypatch.setattr(preflight, "SUBID_FILES", tuple(paths))
