"""Preflight decisions, with run_command scripted."""

from __future__ import annotations

import pytest

from scans.sandbox import commands
from scans.sandbox.preflight import LOOPBACK_PROBLEM, check_sandbox, subordinate_id_problems
from tests.unit.sandbox.fakes import FakeCommands, own_config


@pytest.fixture
def fake(monkeypatch):
    def install(*rules):
        fake = FakeCommands(rules)
        monkeypatch.setattr(commands, "run_command", fake)
        return fake

    return install


def test_it_reports_loopback_reachable_when_the_connection_gets_through(fake):
    calls = fake((("python3",), 0, ""))
    problems = check_sandbox(own_config())
    assert [p for p in problems if p.startswith(LOOPBACK_PROBLEM)] != []
    assert len(calls.called_with("python3", "-I", "-S")) == 1


def test_it_accepts_a_refused_loopback_connection(fake):
    fake((("python3",), 3, ""))
    problems = check_sandbox(own_config())
    assert [p for p in problems if p.startswith(LOOPBACK_PROBLEM)] == []


def test_it_skips_the_loopback_check_when_build_networking_is_off(fake):
    calls = fake((("python3",), 0, ""))
    config = own_config()
    problems = check_sandbox(type(config)(user=config.user, build_network=False))
    assert calls.called_with("python3") == []
    assert [p for p in problems if LOOPBACK_PROBLEM in p] == []


def test_it_says_podman_does_not_start_with_its_last_error_line(fake):
    fake((("info",), 125, "Error: something\nError: cannot set up namespace\n"), (("python3",), 3, ""))
    problems = check_sandbox(own_config())
    assert any("podman does not start" in p and "Error: cannot set up namespace" in p for p in problems)


def test_it_reports_podman_missing(fake):
    fake((("info",), 127, "env: 'podman': No such file or directory\n"), (("python3",), 3, ""))
    assert any(p.startswith("podman is not installed") for p in check_sandbox(own_config()))


def test_it_wants_subordinate_id_ranges_for_the_account():
    problems = subordinate_id_problems("no-such-account-for-tests")
    assert [p.split(" has")[0] for p in problems] == ["/etc/subuid", "/etc/subgid"]
