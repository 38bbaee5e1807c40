"""A host-wide lock that tells whether any build of ours is running.

Buildah's working containers carry no label, so after a killed build we can
only tell ours from a concurrent build's by knowing there is no concurrent
build. Every build holds the lock shared; whoever wants to remove unlabelled
working containers needs it exclusively and skips the removal when it cannot
get it at once (the janitor's age rule catches those later).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

LOCK_NAME = ".builds.lock"


@contextmanager
def builds_lock(work_dir: str) -> Iterator[IO[str]]:
    """Hold the lock shared for the duration of a build; yields the lock file."""
    os.makedirs(work_dir, mode=0o711, exist_ok=True)
    with open(os.path.join(work_dir, LOCK_NAME), "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_only_build(handle: IO[str]) -> bool:
    """Upgrade to exclusive without waiting: True when no other build holds the lock."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def no_build_running(work_dir: str) -> Iterator[bool]:
    """Yields True, holding the lock exclusively, when no build is running anywhere."""
    os.makedirs(work_dir, mode=0o711, exist_ok=True)
    with open(os.path.join(work_dir, LOCK_NAME), "a", encoding="utf-8") as handle:
        free = is_only_build(handle)
        try:
            yield free
        finally:
            if free:
                fcntl.flock(handle, fcntl.LOCK_UN)
