"""One container run = one experiment: a set of flags in, an Observation out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from scans.probe.evidence import ProcStatus, parse_listening_ports, parse_podman_diff, parse_proc_status
from scans.results import ProbeLimits
from scans.sandbox.containers import ContainerState, running_container
from scans.sandbox.podman import HostFacts, RunSpec, container_name, run_resource_args
from scans.sandbox.runner import PodmanRunner

TMPFS_OPTIONS = "rw,noexec,nosuid,mode=1777"
BASE_HARDENING = ("--read-only", "--cap-drop=ALL", "--security-opt=no-new-privileges")


@dataclass(frozen=True)
class Observation:
    state: ContainerState
    status: ProcStatus | None = None
    ports: tuple[int, ...] = ()
    changes: tuple[tuple[str, str], ...] = ()
    log: str = ""


@dataclass(frozen=True)
class Hardening:
    """A hardened run configuration; `flags` are what `docker run`/`podman run` take."""

    user: str | None = None
    cap_add: tuple[str, ...] = ()
    tmpfs: tuple[str, ...] = ()
    read_only: bool = True

    @property
    def flags(self) -> tuple[str, ...]:
        flags = [f for f in BASE_HARDENING if self.read_only or f != "--read-only"]
        # mode=1777: podman's tmpfs default (0755 root) is not writable by the
        # non-root UID we switch to; Docker's default and Kubernetes' emptyDir are.
        flags += [f"--tmpfs={path}:{TMPFS_OPTIONS}" for path in self.tmpfs]
        flags += [f"--cap-add={cap}" for cap in self.cap_add]
        if self.user:
            flags.append(f"--user={self.user}")
        return tuple(flags)

    def podman_flags(self) -> tuple[str, ...]:
        """The flags as podman needs them to behave as Docker and Kubernetes would.

        podman alone adds tmpfs on /run, /tmp and /var/tmp to --read-only, so that is
        turned off. And podman 4.3 copies an image directory's root 0755 mode onto a
        tmpfs over it, ignoring mode=1777, where Docker's tmpfs and a Kubernetes
        emptyDir are writable by the container user: podman's `U` option (chown the
        mount to that user) reproduces that, so the probe does not ask for
        DAC_OVERRIDE only because of podman.
        """
        flags = [f"{flag},U" if flag.startswith("--tmpfs=") else flag for flag in self.flags]
        if self.read_only:
            flags.append("--read-only-tmpfs=false")
        return tuple(flags)

    def adding(self, *, cap: str | None = None, tmpfs: str | None = None) -> Hardening:
        caps = self.cap_add + ((cap,) if cap and cap not in self.cap_add else ())
        paths = self.tmpfs + ((tmpfs,) if tmpfs and tmpfs not in self.tmpfs else ())
        return replace(self, cap_add=caps, tmpfs=tuple(sorted(paths)))


Experiment = Callable[[Hardening | None], Observation]


def experiment_runner(
    runner: PodmanRunner, image: str, scan_code: str, limits: ProbeLimits, host: HostFacts
) -> Experiment:
    """A function that runs the image once with a Hardening (None = as built)."""
    resources = run_resource_args(limits, host)

    def run(hardening: Hardening | None) -> Observation:
        flags = hardening.podman_flags() if hardening else ()
        name = container_name(scan_code, "probe")
        spec = RunSpec(image=image, name=name, scan_code=scan_code, flags=flags, resources=resources)
        return observe(runner, spec, limits)

    return run


def observe(runner: PodmanRunner, spec: RunSpec, limits: ProbeLimits) -> Observation:
    with running_container(runner, spec, timeout=limits.timeout_s) as container:
        state = container.settle(limits.settle_s)
        if not state.started:
            return Observation(state=state, log=state.start_output)
        status, ports = read_process(state.pid) if state.running else (None, ())
        changes = tuple(parse_podman_diff(container.diff()))
        return Observation(state=state, status=status, ports=ports, changes=changes, log=container.logs())


def read_process(pid: int | None) -> tuple[ProcStatus | None, tuple[int, ...]]:
    """Identity and sockets of the container's process 1, read through the host's /proc.

    Works for images without a shell or cat: nothing runs inside the container.
    """
    if pid is None:
        return None, ()
    try:
        texts = [read_text(f"/proc/{pid}/{name}") for name in ("status", "uid_map", "gid_map")]
        tables = [read_text(f"/proc/{pid}/net/{name}") for name in ("tcp", "tcp6")]
    except OSError:  # it exited between inspect and here
        return None, ()
    return parse_proc_status(*texts), parse_listening_ports(*tables)


def read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()
