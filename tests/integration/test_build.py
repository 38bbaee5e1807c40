"""The build stage with real rootless podman and the local base images."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from scans.build.stage import build_image
from scans.results import Limits, Source, StageStatus
from scans.sandbox.commands import run_command
from scans.sandbox.janitor import prune_stale_objects, remove_scan_objects
from scans.sandbox.podman import image_exists_args, list_containers_args, list_images_args, scan_tag
from scans.sandbox.runner import PodmanRunner
from scans.sandbox.workspace import workspace_path

pytestmark = [pytest.mark.slow, pytest.mark.podman]


def image_exists(limits: Limits, image: str) -> bool:
    return PodmanRunner(limits.sandbox).run(image_exists_args(image)).exit_code == 0


def test_it_builds_labels_and_saves_a_busybox_image(sandbox_limits, scan_code):
    code = scan_code()
    logs: list[str] = []
    dockerfile = 'FROM busybox\nRUN echo built-by-$(id -u) > /built\nCMD ["cat", "/built"]\n'
    result = build_image(Source(code, dockerfile), sandbox_limits, on_log=logs.append)
    assert (result.status, result.message_id) == (StageStatus.COMPLETED, None)
    assert result.image_ref == scan_tag(code) == f"localhost/advisor-scan:{code.replace('-', '')[:8]}"
    assert result.image_archive == os.path.join(
        workspace_path(sandbox_limits.sandbox.work_dir, code), "image.tar"
    )
    with tarfile.open(result.image_archive) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest[0]["RepoTags"] == [result.image_ref]
    assert "built-by-0" not in result.log_tail  # the RUN output goes to the file, the log shows the steps
    assert "STEP 2/4: RUN echo built-by-$(id -u) > /built" in logs[-1]
    images = PodmanRunner(sandbox_limits.sandbox).json_list(list_images_args(f"advisor.scan={code}"))
    assert [image["Id"] for image in images] == [result.image_id]


def test_it_reports_a_failing_run_step_as_a_failed_build(sandbox_limits, scan_code):
    result = build_image(
        Source(scan_code(), "FROM busybox\nRUN echo about-to-fail; exit 3\n"), sandbox_limits
    )
    assert (result.status, result.message_id, result.image_ref) == (StageStatus.FAILED, "build.failed", None)
    assert "about-to-fail" in result.log_tail
    assert "exit status 3" in result.log_tail


def test_it_reports_a_base_image_that_is_not_available_offline(sandbox_limits, scan_code):
    result = build_image(
        Source(scan_code(), "FROM docker.io/library/alpine:3.19\nRUN true\n"), sandbox_limits
    )
    assert (result.status, result.message_id) == (StageStatus.FAILED, "build.base_missing")


def test_it_builds_on_the_debootstrapped_debian_base_offline(sandbox_limits, scan_code):
    dockerfile = 'FROM debian:bookworm-slim\nRUN . /etc/os-release && echo "codename=$VERSION_CODENAME"\n'
    result = build_image(Source(scan_code(), dockerfile), sandbox_limits)
    assert result.status == StageStatus.COMPLETED
    assert "codename=bookworm" in result.log_tail


def test_it_removes_a_finished_scans_image_and_workspace(sandbox_limits, scan_code):
    code = scan_code()
    result = build_image(Source(code, "FROM busybox\nRUN touch /x\n"), sandbox_limits)
    assert image_exists(sandbox_limits, result.image_ref) is True
    remove_scan_objects(code, sandbox_limits.sandbox)
    assert image_exists(sandbox_limits, result.image_ref) is False
    assert os.path.exists(workspace_path(sandbox_limits.sandbox.work_dir, code)) is False


def test_it_prunes_leftovers_of_finished_scans_and_keeps_running_ones(sandbox_limits, scan_code):
    finished, running = scan_code(), scan_code()
    for code in (finished, running):
        assert build_image(Source(code, "FROM busybox\nRUN touch /y\n"), sandbox_limits).status == "completed"
    # everything else on this machine (a dev server's or another test's scans) counts as running
    active = (other_active_scans(sandbox_limits) - {finished}) | {running}
    assert (
        prune_stale_objects(sandbox_limits.sandbox, active, min_age_s=0) == 2
    )  # its image and its workspace
    assert image_exists(sandbox_limits, scan_tag(finished)) is False
    assert image_exists(sandbox_limits, scan_tag(running)) is True
    assert os.path.isdir(workspace_path(sandbox_limits.sandbox.work_dir, running)) is True


def other_active_scans(limits: Limits) -> set[str]:
    """Labelled images of anything else on this machine (a dev server's scans) stay untouched."""
    runner = PodmanRunner(limits.sandbox)
    labelled = runner.json_list(list_images_args("advisor.scan")) + runner.json_list(
        list_containers_args("advisor.scan")
    )
    workspaces = set(os.listdir(limits.sandbox.work_dir)) if os.path.isdir(limits.sandbox.work_dir) else set()
    return {str((obj.get("Labels") or {}).get("advisor.scan")) for obj in labelled} | workspaces


def test_it_leaves_objects_younger_than_the_grace_period_alone(sandbox_limits, scan_code):
    code = scan_code()
    assert build_image(Source(code, "FROM busybox\nRUN touch /z\n"), sandbox_limits).status == "completed"
    active = other_active_scans(sandbox_limits) - {code}
    assert prune_stale_objects(sandbox_limits.sandbox, active, min_age_s=300) == 0
    assert image_exists(sandbox_limits, scan_tag(code)) is True


def test_make_base_images_keeps_the_images_it_finds(sandbox_limits):
    out = io.StringIO()
    call_command("make_base_images", stdout=out)
    assert (
        out.getvalue()
        == "docker.io/library/busybox:latest: present\ndocker.io/library/debian:bookworm-slim: present\n"
    )


def test_the_setup_script_is_idempotent(sandbox_limits):
    """GIVEN a machine set up already (the session fixture checked)
    WHEN the set-up runs again THEN it changes nothing and says so."""
    script = str(Path(__file__).resolve().parents[2] / "scripts" / "setup_sandbox.sh")
    record = run_command(["sh", script], timeout=120)
    assert record.exit_code == 0, record.output
    where = f"(account {sandbox_limits.sandbox.user}, work dir {sandbox_limits.sandbox.work_dir})"
    if os.geteuid() == 0:
        expected = [f"setup_sandbox: sandbox ready {where}"]
    else:
        expected = [
            "setup_sandbox: not root: cannot inspect the firewall; the worker checks it before each build",
            f"setup_sandbox: nothing missing that can be checked without root {where}",
        ]
    assert record.output.splitlines() == expected
