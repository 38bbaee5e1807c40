"""build_image's decisions with run_command scripted (the real thing is in tests/integration)."""

from __future__ import annotations

import json
import os
import time

import pytest

from scans.build.stage import build_image
from scans.results import Limits, Source, StageStatus
from scans.sandbox import commands
from scans.sandbox.locks import builds_lock
from tests.unit.sandbox.fakes import FakeCommands, give_subordinate_ids, own_config

CODE = "3f2a9c1b-0000-4000-8000-000000000002"


@pytest.fixture
def fake(monkeypatch, tmp_path):
    give_subordinate_ids(monkeypatch, tmp_path, own_config().user)

    def install(*rules):
        fake = FakeCommands([*rules, (("python3",), 3, "")])
        monkeypatch.setattr(commands, "run_command", fake)
        return fake

    return install


def limits(tmp_path) -> Limits:
    return Limits(sandbox=own_config(str(tmp_path / "work")))


def test_it_refuses_to_build_when_the_loopback_is_reachable(fake, tmp_path, monkeypatch):
    calls = FakeCommands([(("python3",), 0, "")])
    monkeypatch.setattr(commands, "run_command", calls)
    result = build_image(Source(CODE, "FROM busybox\n"), limits(tmp_path))
    assert (result.status, result.message_id) == (StageStatus.ERROR, "sandbox.loopback_unprotected")
    assert calls.called_with("build") == []


def test_it_refuses_a_base_image_from_another_registry_without_running_anything(fake, tmp_path):
    calls = fake()
    config = own_config(str(tmp_path))
    sandbox = type(config)(user=config.user, work_dir=config.work_dir, allowed_registries=("docker.io",))
    result = build_image(Source(CODE, "FROM quay.io/x/y:1\n"), Limits(sandbox=sandbox))
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.base_not_allowed")
    assert calls.calls == []


def test_it_reports_a_timeout_and_removes_working_containers_created_since(fake, tmp_path):
    now = time.time()
    external = [
        {"Id": "new1", "State": "storage", "Created": now + 1},
        {"Id": "old1", "State": "storage", "Created": now - 600},
        {"Id": "ours", "State": "running", "Created": now + 1},
    ]
    calls = fake(
        (("build",), None, "STEP 2/2: RUN sleep 1000\n"), (("ps", "--external"), 0, json.dumps(external))
    )
    result = build_image(Source(CODE, "FROM busybox\nRUN sleep 1000\n"), limits(tmp_path))
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.timeout")
    assert [argv[argv.index("rm") :] for argv in calls.called_with("rm", "new1")] == [
        ["rm", "--force", "--time=0", "--ignore", "new1"]
    ]
    assert calls.called_with("old1") == []


def test_it_leaves_working_containers_alone_while_another_build_runs(fake, tmp_path):
    external = [{"Id": "new1", "State": "storage", "Created": time.time() + 1}]
    calls = fake((("build",), None, ""), (("ps", "--external"), 0, json.dumps(external)))
    with builds_lock(str(tmp_path / "work")):  # a concurrent build, e.g. in another worker
        result = build_image(Source(CODE, "FROM busybox\nRUN sleep 1000\n"), limits(tmp_path))
    assert result.message_id == "build.timeout"
    assert calls.called_with("ps", "--external") == []
    assert calls.called_with("new1") == []


def test_it_builds_only_the_dockerfile_in_a_fresh_context(fake, tmp_path):
    logs = []
    calls = fake((("build",), 0, "STEP 1/1: FROM busybox\n"), (("inspect",), 0, "sha256:abc 2048\n"))
    result = build_image(Source(CODE, "FROM busybox\n"), limits(tmp_path), on_log=logs.append)
    context = tmp_path / "work" / CODE / "context"
    assert os.listdir(context) == ["Dockerfile"]
    assert (context / "Dockerfile").read_text() == "FROM busybox\n"
    assert logs[-1] == "STEP 1/1: FROM busybox\n"
    # the fake `podman save` wrote nothing, so there is no archive for Trivy: our error
    assert (result.status, result.message_id) == (StageStatus.ERROR, "stage.crashed")
    assert len(calls.called_with("save")) == 1


def test_it_rejects_an_image_over_the_size_limit(fake, tmp_path):
    calls = fake((("build",), 0, ""), (("inspect",), 0, f"sha256:abc {5 * 1024 * 1024 * 1024}\n"))
    result = build_image(Source(CODE, "FROM busybox\n"), limits(tmp_path))
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.image_too_large")
    assert len(calls.called_with("rmi", "localhost/advisor-scan:3f2a9c1b")) == 1


def test_it_tells_a_missing_base_image_from_a_failing_step(fake, tmp_path):
    fake((("build",), 125, "STEP 1/2: FROM alpine:3.19\nError: alpine:3.19: image not known\n"))
    result = build_image(Source(CODE, "FROM alpine:3.19\n"), limits(tmp_path))
    assert result.message_id == "build.base_missing"
    fake((("build",), 1, 'STEP 2/2: RUN exit 3\nError: building at STEP "RUN exit 3": exit status 3\n'))
    result = build_image(Source(CODE, "FROM busybox\nRUN exit 3\n"), limits(tmp_path))
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.failed")
    assert result.log_tail.endswith("exit status 3\n")
