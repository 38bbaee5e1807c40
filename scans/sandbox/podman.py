"""argv builders for rootless podman. Nothing here executes anything.

Every builder returns the podman sub-command's arguments; `podman_argv` puts the
account prefix (runuser + clean env) and the global rootless flags in front.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scans.results import BuildLimits, ProbeLimits, SandboxConfig

LABEL = "advisor.scan"


@dataclass(frozen=True)
class HostFacts:
    """What the host can enforce; detected once by preflight, passed in here."""

    cgroup_limits: bool = False  # cgroup v2 with podman's systemd cgroup manager


@dataclass(frozen=True)
class RunSpec:
    """One probe container: the image, its name and the hardening flags to try."""

    image: str
    name: str
    scan_code: str
    flags: tuple[str, ...] = ()
    # nproc against fork bombs, fsize (1 GiB per file) against disk fillers
    ulimits: tuple[str, ...] = ("nproc=512:512", "nofile=4096:4096", "fsize=1073741824:1073741824")
    resources: tuple[str, ...] = ()  # cgroup limits, only where the host enforces them


def podman_argv(prefix: Sequence[str], config: SandboxConfig, args: Sequence[str]) -> list[str]:
    # runc + cgroupfs: crun refuses hybrid cgroup hosts, and a service account has
    # no systemd user session for the systemd cgroup manager.
    return [
        *prefix,
        config.podman,
        f"--runtime={config.runtime}",
        f"--cgroup-manager={config.cgroup_manager}",
        f"--storage-driver={config.storage_driver}",
        # stderr shares the pipe with stdout; warnings would corrupt JSON output
        "--log-level=error",
        *args,
    ]


def scan_tag(scan_code: str) -> str:
    return f"localhost/advisor-scan:{scan_code.replace('-', '')[:8]}"


def container_name(scan_code: str, stage: str) -> str:
    return f"advisor-{scan_code.replace('-', '')[:8]}-{stage}"


def ulimit_args(limits: BuildLimits) -> list[str]:
    # setrlimit works everywhere, also where cgroup limits are ignored (rootless
    # on cgroup v1): nproc stops fork bombs, fsize stops disk fillers.
    fsize = limits.ulimit_fsize_mb * 1024 * 1024
    return [
        f"--ulimit=nproc={limits.ulimit_nproc}:{limits.ulimit_nproc}",
        f"--ulimit=nofile={limits.ulimit_nofile}:{limits.ulimit_nofile}",
        f"--ulimit=fsize={fsize}:{fsize}",
    ]


def build_args(
    config: SandboxConfig,
    limits: BuildLimits,
    *,
    scan_code: str,
    context_dir: str,
    host: HostFacts,
) -> list[str]:
    """`podman build` arguments for one scan's context directory."""
    args = [
        "build",
        f"--pull={config.pull}",
        f"--label={LABEL}={scan_code}",
        "--force-rm",
        "--layers=false",  # no cache: an untrusted build must not reuse another scan's layers
        f"--tag={scan_tag(scan_code)}",
        f"--file={context_dir}/Dockerfile",
        *ulimit_args(limits),
    ]
    if not config.build_network:
        args.append("--network=none")
    if host.cgroup_limits:
        # Only where rootless podman gets delegated cgroup v2 controllers; on
        # cgroup v1 (or with cgroupfs) only the ulimits above hold.
        args += [f"--memory={limits.memory_mb}m", f"--cpu-quota={int(limits.cpus * 100000)}"]
    return [*args, context_dir]


def build_in_pid_namespace_args(config: SandboxConfig, build: Sequence[str]) -> list[str]:
    """Run the build inside its own PID namespace, inside podman's user namespace.

    Why: killing `podman build` on timeout leaves the RUN step's processes alive
    (runc starts them in their own session). When the init of a PID namespace
    dies, the kernel kills everything in it and in nested namespaces, so
    `--kill-child` turns "kill our process group" into "kill the whole build".
    `podman unshare` first, so the inner podman reuses the existing rootless
    user namespace instead of recording an in-namespace pid as its pause process.
    """
    inner = podman_argv([], config, build)
    return ["unshare", "unshare", "--pid", "--fork", "--kill-child", "--mount-proc", *inner]


def run_args(spec: RunSpec) -> list[str]:
    """`podman run -d` for a probe: never a network, always labelled."""
    ulimits = [f"--ulimit={u}" for u in spec.ulimits]
    return [
        "run",
        "--detach",
        "--pull=never",
        "--network=none",  # the image never reaches host services or the internet
        f"--name={spec.name}",
        f"--label={LABEL}={spec.scan_code}",
        "--log-driver=k8s-file",
        *ulimits,
        *spec.resources,
        *spec.flags,
        spec.image,
    ]


def run_resource_args(limits: ProbeLimits, host: HostFacts) -> tuple[str, ...]:
    # Rootless podman on cgroup v1 ignores these (with a warning); there the
    # probe relies on the ulimits and its wall-clock bound.
    if not host.cgroup_limits:
        return ()
    return (f"--memory={limits.memory_mb}m", f"--pids-limit={limits.pids_limit}", f"--cpus={limits.cpus}")


def save_args(image: str, archive: str) -> list[str]:
    return ["save", "--format=docker-archive", f"--output={archive}", image]


def inspect_image_args(image: str) -> list[str]:
    return ["image", "inspect", "--format={{.Id}} {{.Size}}", image]


def inspect_container_args(name: str) -> list[str]:
    return ["container", "inspect", "--format={{.State.Pid}} {{.State.Running}} {{.State.ExitCode}}", name]


def wait_args(name: str) -> list[str]:
    return ["wait", name]


def diff_args(name: str) -> list[str]:
    return ["diff", name]


def logs_args(name: str, lines: int = 20) -> list[str]:
    return ["logs", f"--tail={lines}", name]


def remove_container_args(names: Sequence[str]) -> list[str]:
    return ["rm", "--force", "--time=0", "--ignore", *names]


def remove_image_args(images: Sequence[str]) -> list[str]:
    return ["rmi", "--force", "--ignore", *images]


def list_containers_args(label: str | None = None) -> list[str]:
    args = ["ps", "--all", "--external", "--format=json"]
    return [*args, f"--filter=label={label}"] if label else args


def list_images_args(label: str | None = None) -> list[str]:
    args = ["images", "--all", "--format=json"]
    return [*args, f"--filter=label={label}"] if label else args


def image_exists_args(image: str) -> list[str]:
    return ["image", "exists", image]


def info_args() -> list[str]:
    return ["info", "--format={{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}}"]


def tag_args(image: str, names: Sequence[str]) -> list[str]:
    return ["tag", image, *names]


def import_args(archive: str, image: str, changes: Sequence[str]) -> list[str]:
    return ["import", *(f"--change={change}" for change in changes), archive, image]


def base_build_args(context_dir: str, image: str) -> list[str]:
    """Build one of our own base images: offline, no network at all."""
    return ["build", "--pull=never", "--network=none", "--layers=false", f"--tag={image}", context_dir]
