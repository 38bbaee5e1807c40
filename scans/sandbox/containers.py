"""running_container: start a probe container, observe it, always remove it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from scans.results import CommandRecord
from scans.sandbox.podman import (
    RunSpec,
    diff_args,
    inspect_container_args,
    logs_args,
    remove_container_args,
    run_args,
    wait_args,
)
from scans.sandbox.runner import PodmanRunner

COMMAND_TIMEOUT_S = 30


@dataclass(frozen=True)
class ContainerState:
    started: bool
    running: bool = False
    pid: int | None = None  # host PID of the container's process 1
    exit_code: int | None = None
    start_output: str = ""


class Container:
    """Handle given to the probe; every call is bounded by a timeout."""

    def __init__(self, runner: PodmanRunner, spec: RunSpec, start: CommandRecord) -> None:
        self.runner, self.spec, self.start = runner, spec, start

    def settle(self, seconds: float) -> ContainerState:
        """Give the main process `seconds` to exit; return how it is afterwards.

        `podman wait` returns as soon as the container stops; its timeout firing
        is the normal "still alive" outcome, not an error.
        """
        if self.start.exit_code != 0:
            return ContainerState(started=False, start_output=self.start.output)
        self.runner.run(wait_args(self.spec.name), timeout=seconds)
        return self.state()

    def state(self) -> ContainerState:
        output = self.runner.ok(inspect_container_args(self.spec.name), timeout=COMMAND_TIMEOUT_S) or ""
        parts = output.split()
        if len(parts) < 3:
            return ContainerState(started=True)
        running = parts[1] == "true"
        pid = int(parts[0]) if parts[0].isdigit() and int(parts[0]) > 0 else None
        return ContainerState(
            started=True, running=running, pid=pid, exit_code=None if running else int(parts[2])
        )

    def diff(self) -> str:
        return self.runner.ok(diff_args(self.spec.name), timeout=COMMAND_TIMEOUT_S) or ""

    def logs(self, lines: int = 20) -> str:
        return self.runner.ok(logs_args(self.spec.name, lines), timeout=COMMAND_TIMEOUT_S) or ""


@contextmanager
def running_container(runner: PodmanRunner, spec: RunSpec, *, timeout: float) -> Iterator[Container]:
    """Create and start `spec` detached; on exit remove it whatever happened.

    A stale container with the same name (a killed worker's) is removed first.
    The caller observes through the yielded Container; nothing here decides.
    Budget: `timeout` for the start, COMMAND_TIMEOUT_S for each observation.
    """
    runner.run(remove_container_args([spec.name]), timeout=COMMAND_TIMEOUT_S, keep=False)
    start = runner.run(run_args(spec), timeout=timeout)
    try:
        yield Container(runner, spec, start)
    finally:
        runner.run(remove_container_args([spec.name]), timeout=COMMAND_TIMEOUT_S)
