"""Trivy runs queue on their shared cache instead of failing on Trivy's own lock timeout."""

from __future__ import annotations

import fcntl
import os
import threading
from datetime import UTC, datetime

import pytest

from scans.errors import ScanAppError
from scans.results import CommandRecord, TrivyConfig
from scans.trivy import runner
from scans.trivy.cachelock import LOCK_NAME, cache_lock


def hold_lock(cache_dir) -> int:
    fd = os.open(cache_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def is_locked(cache_dir) -> bool:
    fd = os.open(cache_dir / LOCK_NAME, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_it_gives_up_with_cache_busy_when_the_lock_stays_taken(tmp_path):
    fd = hold_lock(tmp_path)
    try:
        with pytest.raises(ScanAppError) as error, cache_lock(str(tmp_path), timeout_s=0.5):
            pass
        assert error.value.message_id == "trivy.cache_busy"
    finally:
        os.close(fd)


def test_it_waits_for_the_other_holder_to_finish(tmp_path):
    fd = hold_lock(tmp_path)
    threading.Timer(0.5, os.close, args=(fd,)).start()
    with cache_lock(str(tmp_path), timeout_s=10):
        assert is_locked(tmp_path) is True
    assert is_locked(tmp_path) is False


def test_it_runs_trivy_while_holding_the_cache_lock(monkeypatch, tmp_path):
    seen = []

    def fake_run(argv, **kwargs):
        seen.append(is_locked(tmp_path))
        return CommandRecord(tuple(argv), 0, "", datetime.now(UTC), 0.1)

    monkeypatch.setattr(runner, "run_command", fake_run)
    runner.run_trivy(["trivy", "image"], TrivyConfig(binary="trivy", cache_dir=str(tmp_path)), str(tmp_path))
    assert seen == [True]
    assert is_locked(tmp_path) is False
