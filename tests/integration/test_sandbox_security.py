"""Hostile Dockerfiles against the real sandbox: loopback, network off, fork bomb, endless build.

All traffic stays on this machine: the listener is on 127.0.0.1, and 10.0.2.2 is
slirp4netns's in-process alias for the host loopback, the very path under test.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from scans.build.stage import build_image
from scans.results import Limits, Source, StageStatus
from scans.sandbox.podman import list_containers_args
from scans.sandbox.runner import PodmanRunner
from scans.sandbox.workspace import workspace_path

pytestmark = [pytest.mark.slow, pytest.mark.podman]


class LoopbackListener:
    """An HTTP-ish server on 127.0.0.1 that counts every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                conn.sendall(b"HTTP/1.0 200 OK\r\n\r\nREACHED-HOST-SERVICE\n")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[LoopbackListener]:
    server = LoopbackListener()
    yield server
    server.close()


def sandbox_processes(limits: Limits, needle: str) -> list[str]:
    """Command lines containing `needle` of processes owned by the sandbox account or its subordinate UIDs.

    Matching on the test's own marker keeps other scans running on this machine out of it.
    """
    uid = PodmanRunner(limits.sandbox).account.uid
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            owner = os.stat(f"/proc/{pid}").st_uid
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if (owner == uid or 100000 <= owner < 1000000) and needle in cmdline:
            found.append(cmdline)
    return found


def processes_left(limits: Limits, needle: str, grace_s: float = 5.0) -> list[str]:
    """sandbox_processes after the kernel has had a moment to reap a killed namespace."""
    deadline = time.monotonic() + grace_s
    while (found := sandbox_processes(limits, needle)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_it_keeps_run_steps_off_the_hosts_loopback(sandbox_limits, scan_code, listener):
    dockerfile = (
        "FROM busybox\n"
        "RUN cat /proc/net/dev\n"
        f"RUN nc -w 3 10.0.2.2 {listener.port} </dev/null && echo VERDICT-REACHED || echo VERDICT-BLOCKED\n"
    )
    result = build_image(Source(scan_code(), dockerfile), sandbox_limits)
    assert result.status == StageStatus.COMPLETED, result.log_tail
    assert "tap0:" in result.log_tail  # RUN steps do have a network (slirp4netns) ...
    assert "VERDICT-BLOCKED" in result.log_tail  # ... but not to the host's services
    assert "REACHED-HOST-SERVICE" not in result.log_tail
    assert listener.accepted == 0


def test_it_gives_run_steps_no_network_at_all_when_build_network_is_off(sandbox_limits, scan_code, listener):
    limits = replace(sandbox_limits, sandbox=replace(sandbox_limits.sandbox, build_network=False))
    dockerfile = (
        "FROM busybox\n"
        "RUN echo \"interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')\"\n"
        f"RUN nc -w 3 10.0.2.2 {listener.port} </dev/null || echo VERDICT-NO-NETWORK\n"
    )
    result = build_image(Source(scan_code(), dockerfile), limits)
    assert result.status == StageStatus.COMPLETED
    assert "interfaces: lo \n" in result.log_tail
    assert "Network is unreachable" in result.log_tail
    assert "VERDICT-NO-NETWORK" in result.log_tail
    assert listener.accepted == 0


def test_it_runs_builds_in_a_user_namespace_mapped_to_the_sandbox_account(sandbox_limits, scan_code):
    result = build_image(
        Source(scan_code(), "FROM busybox\nRUN echo uidmap: $(head -n 1 /proc/self/uid_map)\n"),
        sandbox_limits,
    )
    uid = PodmanRunner(sandbox_limits.sandbox).account.uid
    assert uid != 0
    assert f"uidmap: 0 {uid} 1\n" in result.log_tail  # root in the build is the unprivileged account


def test_it_contains_a_fork_bomb_with_the_nproc_ulimit(sandbox_limits, scan_code):
    dockerfile = "FROM busybox\nRUN bomb() { bomb | bomb & }; bomb; sleep 4; echo SURVIVED\n"
    result = build_image(Source(scan_code(), dockerfile), sandbox_limits)
    log = result.commands[0].output
    assert "can't fork: Resource temporarily unavailable" in log  # the ulimit, not the kernel's patience
    assert result.status == StageStatus.COMPLETED
    assert processes_left(sandbox_limits, "bomb") == []  # the bomb died with its build
    after = build_image(Source(scan_code(), "FROM busybox\nRUN echo STILL-HEALTHY\n"), sandbox_limits)
    assert (after.status, "STILL-HEALTHY" in after.log_tail) == (StageStatus.COMPLETED, True)


def test_it_kills_a_build_that_never_ends_and_removes_its_leftovers(sandbox_limits, scan_code):
    code = scan_code()
    limits = replace(sandbox_limits, build=replace(sandbox_limits.build, timeout_s=8))
    dockerfile = "FROM busybox\nRUN echo STARTED-ENDLESS; sleep 100000\n"
    started = time.time()
    result = build_image(Source(code, dockerfile), limits)
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.timeout")
    assert "STARTED-ENDLESS" in result.log_tail
    assert processes_left(limits, "sleep 100000") == []
    containers = PodmanRunner(limits.sandbox).json_list(list_containers_args())
    # buildah's working container of this build (unlabelled, "storage" state) is gone too
    leftovers = [
        c["Names"] for c in containers if c.get("State") == "storage" and c["Created"] >= started - 1
    ]
    assert leftovers == []
    assert sorted(os.listdir(workspace_path(limits.sandbox.work_dir, code))) == ["context", "tmp"]


def test_it_confines_run_bind_mounts_to_the_context_holding_only_the_dockerfile(sandbox_limits, scan_code):
    dockerfile = (
        "FROM busybox\n"
        "RUN --mount=type=bind,source=../../..,target=/up echo \"up: $(ls -A /up | tr '\\n' ' ')\"\n"
        "RUN --mount=type=bind,source=/etc,target=/hostetc ls /hostetc/shadow || echo NO-HOST-ETC\n"
    )
    result = build_image(Source(scan_code(), dockerfile), sandbox_limits)
    assert result.status == StageStatus.COMPLETED, result.log_tail
    assert "up: Dockerfile \n" in result.log_tail
    assert "NO-HOST-ETC" in result.log_tail


def test_it_refuses_to_build_without_the_sandbox_account(sandbox_limits, scan_code):
    limits = replace(sandbox_limits, sandbox=replace(sandbox_limits.sandbox, user="advisor-no-such-account"))
    result = build_image(Source(scan_code(), "FROM busybox\n"), limits)
    assert (result.status, result.message_id) == (StageStatus.ERROR, "sandbox.unavailable")
    assert "advisor-no-such-account does not exist" in result.log_tail
