"""Janitor decisions with run_command scripted: labels, ages, workspaces."""

from __future__ import annotations

import json
import os
import time

import pytest

from scans.sandbox import commands
from scans.sandbox.janitor import prune_stale_objects, remove_scan_objects
from scans.sandbox.locks import builds_lock
from scans.sandbox.workspace import workspace_path
from tests.unit.sandbox.fakes import FakeCommands, own_config

DONE = "11111111-0000-4000-8000-000000000001"
RUNNING = "22222222-0000-4000-8000-000000000002"
OLD = time.time() - 3 * 3600


def labelled(code: str, ident: str, created: float = OLD) -> dict:
    return {"Id": ident, "Labels": {"advisor.scan": code}, "Created": created, "State": "exited"}


@pytest.fixture
def work_dir(tmp_path):
    for code in (DONE, RUNNING, ".base-busybox"):
        os.makedirs(tmp_path / code)
        os.utime(tmp_path / code, (OLD, OLD))
    return str(tmp_path)


def install(monkeypatch, containers: list[dict], images: list[dict]) -> FakeCommands:
    fake = FakeCommands(
        [
            (("ps", f"--filter=label=advisor.scan={DONE}"), 0, json.dumps(containers)),
            (("ps", "--filter=label=advisor.scan"), 0, json.dumps(containers)),
            (("images", f"--filter=label=advisor.scan={DONE}"), 0, json.dumps(images)),
            (("ps",), 0, json.dumps([{"Id": "work1", "State": "storage", "Created": OLD}])),
            (("images",), 0, json.dumps(images)),
        ]
    )
    monkeypatch.setattr(commands, "run_command", fake)
    return fake


def removed(fake: FakeCommands, verb: str) -> list[str]:
    return [
        arg
        for argv in fake.called_with(verb)
        for arg in argv[argv.index(verb) + 1 :]
        if not arg.startswith("-")
    ]


def test_it_prunes_only_what_belongs_to_finished_scans(monkeypatch, work_dir):
    fake = install(monkeypatch, [labelled(DONE, "c1"), labelled(RUNNING, "c2")], [labelled(DONE, "i1")])
    assert prune_stale_objects(own_config(work_dir), {RUNNING}) == 4
    assert removed(fake, "rm") == ["c1", "work1"]  # the finished scan's container, an old working container
    assert removed(fake, "rmi") == ["i1"]
    assert sorted(os.listdir(work_dir)) == [".base-busybox", ".builds.lock", RUNNING]


def test_it_leaves_young_objects_and_working_containers_of_running_builds_alone(monkeypatch, work_dir):
    fake = install(monkeypatch, [labelled(DONE, "c1", created=time.time())], [])
    os.utime(workspace_path(work_dir, DONE), None)
    with builds_lock(work_dir):  # a build is running somewhere
        assert prune_stale_objects(own_config(work_dir), {RUNNING}, min_age_s=300) == 0
    assert fake.called_with("rm") == []


def test_it_removes_one_scans_containers_image_and_workspace(monkeypatch, work_dir):
    fake = install(monkeypatch, [labelled(DONE, "c1")], [labelled(DONE, "i1")])
    remove_scan_objects(DONE, own_config(work_dir))
    assert removed(fake, "rm") == ["c1"]
    assert removed(fake, "rmi") == ["localhost/advisor-scan:11111111", "i1"]
    assert os.path.exists(workspace_path(work_dir, DONE)) is False


def test_it_refuses_scan_codes_that_are_not_plain_ids():
    with pytest.raises(ValueError):
        workspace_path("/w", "../etc")
