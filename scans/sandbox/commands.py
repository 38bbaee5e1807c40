"""run_command: the only place in the project that starts a subprocess.

Every external tool (podman, trivy, runuser) goes through here so that each call has
a wall-clock timeout, a bounded output size and a CommandRecord to show as evidence.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from scans.results import CommandRecord

CUT_MARKER = "\n[… {cut} bytes cut …]\n"


class OutputBuffer:
    """Keeps the head and the tail of a stream within `max_bytes`.

    Why both ends: a build's first lines say what it is, and the error that
    matters is at the end, so tail truncation alone would lose context and head
    truncation alone would lose the error.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(max_bytes, 64)
        self.head = bytearray()
        self.tail = bytearray()
        self.cut = 0

    def add(self, chunk: bytes) -> None:
        half = self.max_bytes // 2
        room = half - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if not chunk:
            return
        self.tail += chunk
        excess = len(self.tail) - half
        if excess > 0:
            del self.tail[:excess]
            self.cut += excess

    def text(self) -> str:
        head = sanitise(bytes(self.head))
        tail = sanitise(bytes(self.tail))
        if self.cut:
            return head + CUT_MARKER.format(cut=self.cut) + tail
        return head + tail

    def tail_text(self, max_bytes: int) -> str:
        return sanitise((bytes(self.head) + bytes(self.tail))[-max_bytes:])


def sanitise(data: bytes) -> str:
    # NUL bytes are stripped because PostgreSQL text columns reject them.
    return data.decode("utf-8", errors="replace").replace("\x00", "")


def run_command(
    argv: Sequence[str],
    *,
    timeout: float,
    max_output: int = 256 * 1024,
    cwd: str | None = None,
    env: Mapping[str, str] | None = None,
    on_output: Callable[[str], None] | None = None,
    output_interval_s: float = 1.0,
) -> CommandRecord:
    """Run `argv` (never through a shell) and return its record.

    Input: the argv list; `timeout` in seconds of wall clock; `max_output` bytes of
    combined stdout+stderr to keep (head and tail). `on_output`, if given, is called
    with the output so far at most every `output_interval_s` (live build logs).
    Output: a CommandRecord; `exit_code` is None and `timed_out` True when the
    timeout fired. The whole process group is killed on timeout, because podman
    and shells leave children that would otherwise outlive us.
    Raises FileNotFoundError when the program does not exist.
    """
    started_at = datetime.now(UTC)
    start = time.monotonic()
    buffer = OutputBuffer(max_output)
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        start_new_session=True,  # own process group, so a timeout kills the whole tree
    )
    assert proc.stdout is not None
    try:
        timed_out = read_output(proc, buffer, start + timeout, on_output, output_interval_s)
    except BaseException:
        # A failing on_output, or Celery's SoftTimeLimitExceeded arriving here,
        # must not leave a build running behind our back.
        kill_process_group(proc)
        proc.stdout.close()
        raise
    if timed_out:
        kill_process_group(proc)
    proc.stdout.close()
    exit_code = proc.wait() if not timed_out else None
    if on_output:
        on_output(buffer.text())
    return CommandRecord(
        argv=tuple(argv),
        exit_code=exit_code,
        output=buffer.text(),
        started_at=started_at,
        duration_s=time.monotonic() - start,
        timed_out=timed_out,
    )


def read_output(
    proc: subprocess.Popen[bytes],
    buffer: OutputBuffer,
    deadline: float,
    on_output: Callable[[str], None] | None,
    output_interval_s: float,
) -> bool:
    """Read until the output closes (False) or the deadline passes (True)."""
    assert proc.stdout is not None
    last_report = 0.0
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            if selector.select(timeout=min(remaining, 0.5)):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    return False
                buffer.add(chunk)
            if on_output and time.monotonic() - last_report >= output_interval_s:
                last_report = time.monotonic()
                on_output(buffer.text())


def kill_process_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
