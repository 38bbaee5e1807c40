"""argv builders: rootless flags, labels, network modes, ulimits."""

from __future__ import annotations

from scans.results import BuildLimits, ProbeLimits, SandboxConfig
from scans.sandbox.account import PodmanAccount, command_prefix
from scans.sandbox.podman import (
    HostFacts,
    RunSpec,
    build_args,
    build_in_pid_namespace_args,
    container_name,
    podman_argv,
    run_args,
    run_resource_args,
    scan_tag,
)

CODE = "3f2a9c1b-0000-4000-8000-000000000001"
CONFIG = SandboxConfig(user="advisor-sandbox")
ACCOUNT = PodmanAccount("advisor-sandbox", 5900, 5900, "/var/lib/advisor-sandbox", "/run/user/5900", True)


def test_it_names_and_tags_sandbox_objects_after_the_scan():
    assert scan_tag(CODE) == "localhost/advisor-scan:3f2a9c1b"
    assert container_name(CODE, "probe") == "advisor-3f2a9c1b-probe"


def test_it_drops_to_the_sandbox_account_with_a_clean_environment():
    prefix = command_prefix(ACCOUNT, tmp_dir="/w/x/tmp")
    assert prefix == [
        "runuser", "-u", "advisor-sandbox", "--", "env", "-i", "HOME=/var/lib/advisor-sandbox",
        "USER=advisor-sandbox", "XDG_RUNTIME_DIR=/run/user/5900",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8",
        "TMPDIR=/w/x/tmp",
    ]  # fmt: skip
    own = PodmanAccount("me", 1000, 1000, "/home/me", "/run/user/1000", False)
    assert command_prefix(own)[0] == "env"


def test_it_puts_the_rootless_runtime_flags_before_every_sub_command():
    argv = podman_argv(["env", "-i"], CONFIG, ["images"])
    assert argv == [
        "env", "-i", "podman", "--runtime=runc", "--cgroup-manager=cgroupfs", "--storage-driver=overlay",
        "--log-level=error", "images",
    ]  # fmt: skip


def test_it_builds_with_label_ulimits_no_pull_and_no_cache():
    args = build_args(CONFIG, BuildLimits(), scan_code=CODE, context_dir="/w/c/context", host=HostFacts())
    assert args == [
        "build", "--pull=never", f"--label=advisor.scan={CODE}", "--force-rm", "--layers=false",
        "--tag=localhost/advisor-scan:3f2a9c1b", "--file=/w/c/context/Dockerfile",
        "--ulimit=nproc=512:512", "--ulimit=nofile=4096:4096", "--ulimit=fsize=2147483648:2147483648",
        "/w/c/context",
    ]  # fmt: skip


def test_it_turns_build_networking_off_and_adds_cgroup_limits_only_where_enforced():
    config = SandboxConfig(build_network=False)
    args = build_args(
        config,
        BuildLimits(memory_mb=512, cpus=0.5),
        scan_code=CODE,
        context_dir="/c",
        host=HostFacts(cgroup_limits=True),
    )
    assert "--network=none" in args
    assert args[-3:] == ["--memory=512m", "--cpu-quota=50000", "/c"]
    assert not any(
        a.startswith("--memory")
        for a in build_args(CONFIG, BuildLimits(), scan_code=CODE, context_dir="/c", host=HostFacts())
    )


def test_it_wraps_the_build_in_a_pid_namespace_inside_podmans_user_namespace():
    argv = build_in_pid_namespace_args(CONFIG, ["build", "/c"])
    assert argv[:6] == ["unshare", "unshare", "--pid", "--fork", "--kill-child", "--mount-proc"]
    assert argv[6:] == podman_argv([], CONFIG, ["build", "/c"])


def test_it_runs_probes_detached_labelled_and_without_network():
    spec = RunSpec(
        image="localhost/advisor-scan:3f2a9c1b",
        name="advisor-3f2a9c1b-probe",
        scan_code=CODE,
        flags=("--read-only",),
    )
    assert run_args(spec) == [
        "run", "--detach", "--pull=never", "--network=none", "--name=advisor-3f2a9c1b-probe",
        f"--label=advisor.scan={CODE}", "--log-driver=k8s-file", "--ulimit=nproc=512:512",
        "--ulimit=nofile=4096:4096", "--ulimit=fsize=1073741824:1073741824", "--read-only",
        "localhost/advisor-scan:3f2a9c1b",
    ]  # fmt: skip


def test_it_adds_memory_pids_and_cpu_limits_to_probes_only_where_enforced():
    limits = ProbeLimits(memory_mb=256, pids_limit=64, cpus=0.5)
    assert run_resource_args(limits, HostFacts(cgroup_limits=False)) == ()
    resources = run_resource_args(limits, HostFacts(cgroup_limits=True))
    assert resources == ("--memory=256m", "--pids-limit=64", "--cpus=0.5")
    spec = RunSpec(image="i", name="n", scan_code=CODE, flags=("--read-only",), resources=resources)
    assert run_args(spec)[-5:] == ["--memory=256m", "--pids-limit=64", "--cpus=0.5", "--read-only", "i"]
