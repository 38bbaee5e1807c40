"""PodmanRunner: runs podman sub-commands as the sandbox account and keeps the evidence.

Not a stage and not an API client: it only joins the argv builders of
`podman.py` with `run_command`, and remembers every CommandRecord so the stage
can put them in its result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from scans.errors import ToolUnavailable
from scans.results import CommandRecord, SandboxConfig
from scans.sandbox import commands
from scans.sandbox.account import PodmanAccount, command_prefix, ensure_runtime_dir, resolve_account
from scans.sandbox.podman import podman_argv

DEFAULT_TIMEOUT_S = 60.0


class PodmanRunner:
    def __init__(self, config: SandboxConfig, *, tmp_dir: str | None = None) -> None:
        self.config = config
        self.account: PodmanAccount = resolve_account(config)
        self.tmp_dir = tmp_dir
        self.records: list[CommandRecord] = []
        ensure_runtime_dir(self.account)

    def argv(self, args: Sequence[str]) -> list[str]:
        return podman_argv(command_prefix(self.account, tmp_dir=self.tmp_dir), self.config, args)

    def run(
        self,
        args: Sequence[str],
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        max_output: int = 64 * 1024,
        on_output: Callable[[str], None] | None = None,
        keep: bool = True,
    ) -> CommandRecord:
        """Run one podman sub-command; raises ToolUnavailable when podman cannot start."""
        try:
            record = commands.run_command(
                self.argv(args), timeout=timeout, max_output=max_output, on_output=on_output
            )
        except FileNotFoundError:
            raise ToolUnavailable("sandbox.podman_missing") from None
        # `env` says "env: 'podman': No such file or directory" and exits 127.
        if record.exit_code == 127 and record.output.startswith("env:"):
            raise ToolUnavailable("sandbox.podman_missing")
        if keep:
            self.records.append(record)
        return record

    def ok(self, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> str | None:
        """Output of a command that must succeed, or None when it failed."""
        record = self.run(args, timeout=timeout)
        return record.output if record.exit_code == 0 else None

    def json_list(self, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> list[dict[str, Any]]:
        """Parsed JSON list output (`ps`/`images --format=json`); [] when it failed."""
        output = self.ok(args, timeout=timeout)
        try:
            return list(json.loads(output or "[]") or [])
        except json.JSONDecodeError:
            return []
