"""The probe on real images built by the real build stage (busybox base: fast)."""

from __future__ import annotations

import pytest

from scans.build.stage import build_image
from scans.probe.stage import probe_image
from scans.results import BuildResult, Limits, Source, StageStatus
from scans.sandbox.podman import list_containers_args
from scans.sandbox.runner import PodmanRunner

pytestmark = [pytest.mark.slow, pytest.mark.podman]

PODMAN_DEFAULT_CAPS = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
    "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_SETFCAP",
]  # fmt: skip


def built(limits: Limits, code: str, dockerfile: str) -> BuildResult:
    result = build_image(Source(code, dockerfile), limits)
    assert result.status == StageStatus.COMPLETED, result.log_tail
    return result


def rules(result) -> list[str]:
    return sorted(finding.rule for finding in result.findings)


def test_it_measures_a_root_image_and_runs_it_as_uid_5000_hardened(sandbox_limits, scan_code):
    build = built(sandbox_limits, scan_code(), 'FROM busybox\nCMD ["sleep", "1000"]\n')
    result = probe_image(build, sandbox_limits)
    data = result.to_json()
    assert data["status"] == "completed"
    baseline = data["baseline"]
    assert (baseline["uid"], baseline["gid"], baseline["groups"]) == (0, 0, [])
    assert baseline["cap_eff"] == PODMAN_DEFAULT_CAPS
    assert (baseline["no_new_privs"], baseline["seccomp"]) == (False, 2)
    assert (baseline["alive"], baseline["exit_code"]) == (True, None)
    assert (baseline["written_paths"], baseline["listening_ports"]) == ([], [])
    hardened = data["hardened"]
    assert (hardened["ok"], hardened["user"], hardened["cap_add"], hardened["tmpfs"]) == (
        True,
        "5000:5000",
        [],
        [],
    )
    assert hardened["flags"] == [
        "--read-only",
        "--cap-drop=ALL",
        "--security-opt=no-new-privileges",
        "--user=5000:5000",
    ]
    assert rules(result) == ["PRB001", "PRB009"]  # root; busybox has a shell and dpkg/rpm applets


def test_it_reports_uid_5000_and_no_capabilities_for_a_fixed_non_root_user(sandbox_limits, scan_code):
    dockerfile = (
        "FROM busybox\n"
        "RUN addgroup -S -g 5000 app && adduser -S -D -H -u 5000 -G app app\n"
        "USER 5000:5000\n"
        'CMD ["sleep", "1000"]\n'
    )
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits)
    baseline = result.baseline
    assert (baseline.uid, baseline.gid, baseline.groups) == (5000, 5000, (5000,))
    assert baseline.cap_eff == ()
    assert result.hardened.ok is True
    assert (result.hardened.user, result.hardened.cap_add) == (None, ())
    assert "PRB001" not in rules(result)
    assert result.image.empty_password_users == ()  # adduser locks the new account


def test_it_finds_exactly_what_an_app_writes_under_var_log(sandbox_limits, scan_code):
    dockerfile = (
        "FROM busybox\n"
        "RUN mkdir -p /var/log/app\n"
        'CMD ["sh", "-c", "echo start > /var/log/app/app.log; date > /var/log/app/started;'
        ' exec sleep 1000"]\n'
    )
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits)
    assert result.baseline.written_paths == ("/var/log/app/app.log", "/var/log/app/started")
    assert result.hardened.ok is True
    assert result.hardened.tmpfs == ("/var/log/app",)
    # The tmpfs belongs to the run user (as with Docker's mode=1777), so no capability is needed.
    assert result.hardened.cap_add == ()
    assert result.hardened.user == "5000:5000"
    assert result.image.root_owned_writable_needed == ("/var/log/app/app.log", "/var/log/app/started")
    assert "PRB004" in rules(result)


def test_it_sees_port_80_and_that_only_net_bind_service_is_needed(sandbox_limits, scan_code):
    dockerfile = (
        "FROM busybox\nRUN mkdir /srv && echo hi > /srv/index.html\n"
        'CMD ["httpd", "-f", "-p", "80", "-h", "/srv"]\n'
    )
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits)
    assert result.baseline.listening_ports == (80,)
    assert result.hardened.ok is True
    assert (result.hardened.user, result.hardened.cap_add) == ("5000:5000", ("NET_BIND_SERVICE",))
    assert rules(result) == ["PRB001", "PRB002", "PRB009", "PRB011"]


def test_it_tries_a_given_hardened_runtime_first(sandbox_limits, scan_code):
    dockerfile = 'FROM busybox\nRUN mkdir /srv\nCMD ["httpd", "-f", "-p", "80", "-h", "/srv"]\n'
    runtime = {"user": "5000:5000", "cap_add": ["NET_BIND_SERVICE"], "tmpfs": [], "read_only": True}
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits, runtime=runtime)
    assert (result.hardened.ok, result.hardened.attempts) == (True, 1)
    assert result.hardened.cap_add == ("NET_BIND_SERVICE",)


def test_it_lists_suid_files_world_writable_dirs_and_account_problems(sandbox_limits, scan_code):
    dockerfile = (
        "FROM busybox\n"
        "RUN mkdir -p /usr/local/bin /data && cp /bin/busybox /usr/local/bin/tool"
        " && chmod 4755 /usr/local/bin/tool && chmod 777 /data"
        " && echo 'toor:x:0:0::/root:/bin/sh' >> /etc/passwd"
        " && echo 'guest:x:1000:1000::/home:/bin/sh' >> /etc/passwd"
        " && echo 'guest::19000:0:99999:7:::' >> /etc/shadow\n"
        'CMD ["sleep", "1000"]\n'
    )
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits)
    assert result.image.suid_files == ("/usr/local/bin/tool",)
    assert result.image.world_writable_dirs == ("/data",)
    assert result.image.empty_password_users == ("guest",)
    assert result.image.duplicate_uids == (0,)
    assert {"PRB003", "PRB006", "PRB007", "PRB008"} <= set(rules(result))


def test_it_records_the_exit_code_and_output_of_a_command_that_exits_at_once(sandbox_limits, scan_code):
    dockerfile = 'FROM busybox\nCMD ["sh", "-c", "echo goodbye-from-the-app; exit 3"]\n'
    result = probe_image(built(sandbox_limits, scan_code(), dockerfile), sandbox_limits)
    baseline = result.baseline
    assert (baseline.alive, baseline.exit_code) == (False, 3)
    assert baseline.output_tail == "goodbye-from-the-app\n"
    assert (baseline.uid, baseline.gid) == (0, 0)  # from the image's USER, the process was gone
    assert (result.hardened.ok, result.hardened.exit_code) == (True, 3)
    assert "PRB010" in rules(result)


def test_it_stops_a_container_that_hangs_and_ignores_sigterm(sandbox_limits, scan_code):
    code = scan_code()
    dockerfile = 'FROM busybox\nCMD ["sh", "-c", "trap \'\' TERM; while :; do sleep 1; done"]\n'
    result = probe_image(built(sandbox_limits, code, dockerfile), sandbox_limits)
    assert (result.baseline.alive, result.hardened.ok) == (True, True)
    runner = PodmanRunner(sandbox_limits.sandbox)
    assert runner.json_list(list_containers_args(f"advisor.scan={code}")) == []


def test_it_skips_when_the_build_produced_no_image(sandbox_limits):
    result = probe_image(BuildResult(status=StageStatus.FAILED, message_id="build.failed"), sandbox_limits)
    assert (result.status, result.message_id) == (StageStatus.SKIPPED, "stage.skipped_no_image")
