"""One trivy process at a time per cache directory.

Why: Trivy keeps its layer cache in a bbolt file and gives up after a few seconds
when another trivy holds it ("cache may be in use by another process: timeout",
seen with two concurrent `trivy image` runs on one --cache-dir). Several worker
processes share ADVISOR_TRIVY_CACHE_DIR on purpose (a base image analysed once
serves every scan), so we queue them here instead of letting the second one fail.
`flock` works across processes and threads (each holder opens its own descriptor)
and is released by the kernel if a worker dies holding it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scans.errors import ScanAppError

LOCK_NAME = ".advisor-trivy.lock"
POLL_S = 0.2


@contextmanager
def cache_lock(cache_dir: str, *, timeout_s: float) -> Iterator[None]:
    """Hold the cache's lock; ScanAppError("trivy.cache_busy") after `timeout_s` of waiting."""
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    fd = os.open(Path(cache_dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        wait_for_lock(fd, timeout_s)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def wait_for_lock(fd: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ScanAppError("trivy.cache_busy", seconds=int(timeout_s)) from None
            time.sleep(POLL_S)
