"""Parsers for what a running container shows: /proc status, sockets, `podman diff`, logs.

All pure functions over text, tested against real captured samples in
tests/data/probe/ (see its refresh.sh for the commands that produced them).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

CAPABILITIES = (
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
    "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
    "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
    "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
    "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
    "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
)  # fmt: skip
TCP_LISTEN = "0A"
# Files podman itself creates or bind-mounts into every container; a change to
# them is not the application writing to its root filesystem.
PODMAN_OWN_PATHS = frozenset(
    {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/passwd", "/etc/group", "/run/.containerenv"}
)
PODMAN_OWN_TREES = ("/dev", "/proc", "/sys", "/run/secrets")
DENIED_RE = re.compile(r"(/[^\s:'\"]+)['\"]?\)?:?\s.*?(Read-only file system|Permission denied)")


@dataclass(frozen=True)
class ProcStatus:
    uid: int | None
    gid: int | None
    groups: tuple[int, ...]
    cap_eff: tuple[str, ...]
    cap_bnd: tuple[str, ...]
    no_new_privs: bool | None
    seccomp: int | None


def capability_names(mask_hex: str) -> tuple[str, ...]:
    """`00000000a80425fb` -> ("CAP_CHOWN", ...), in bit order; unknown bits as CAP_<n>."""
    mask = int(mask_hex, 16)
    names = []
    for bit in range(64):
        if mask >> bit & 1:
            names.append("CAP_" + (CAPABILITIES[bit] if bit < len(CAPABILITIES) else str(bit)))
    return tuple(names)


def parse_id_map(text: str) -> list[tuple[int, int, int]]:
    """/proc/PID/uid_map lines: (inside, outside, count)."""
    ranges = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            ranges.append((int(parts[0]), int(parts[1]), int(parts[2])))
    return ranges


def to_inside_id(host_id: int, id_map: list[tuple[int, int, int]]) -> int | None:
    # We read /proc from the host, which shows host IDs; the report wants the
    # IDs the container sees (UID 5000, not subordinate 104999).
    if not id_map:
        return host_id
    for inside, outside, count in id_map:
        if outside <= host_id < outside + count:
            return inside + host_id - outside
    return None


def parse_proc_status(text: str, uid_map: str = "", gid_map: str = "") -> ProcStatus:
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    uids, gids = parse_id_map(uid_map), parse_id_map(gid_map)

    def first_id(key: str, id_map: list[tuple[int, int, int]]) -> int | None:
        values = fields.get(key, "").split()
        return to_inside_id(int(values[1]), id_map) if len(values) > 1 else None  # effective ID

    groups = tuple(
        g for g in (to_inside_id(int(v), gids) for v in fields.get("Groups", "").split()) if g is not None
    )
    return ProcStatus(
        uid=first_id("Uid", uids),
        gid=first_id("Gid", gids),
        groups=groups,
        cap_eff=capability_names(fields.get("CapEff", "0") or "0"),
        cap_bnd=capability_names(fields.get("CapBnd", "0") or "0"),
        no_new_privs=fields["NoNewPrivs"] == "1" if "NoNewPrivs" in fields else None,
        seccomp=int(fields["Seccomp"]) if fields.get("Seccomp", "").isdigit() else None,
    )


def parse_listening_ports(*tables: str) -> tuple[int, ...]:
    """Ports in LISTEN state from /proc/net/tcp and tcp6 text, sorted, unique."""
    ports = set()
    for table in tables:
        for line in table.splitlines()[1:]:
            parts = line.split()
            if len(parts) > 3 and parts[3] == TCP_LISTEN and ":" in parts[1]:
                ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return tuple(sorted(ports))


def parse_podman_diff(text: str) -> list[tuple[str, str]]:
    """`podman diff` lines -> [(kind A|C|D, path)], sorted by path (podman's order varies)."""
    changes = []
    for line in text.splitlines():
        kind, _, path = line.strip().partition(" ")
        if kind in {"A", "C", "D"} and path.startswith("/"):
            changes.append((kind, posixpath.normpath(path)))
    return sorted(changes, key=lambda change: change[1])


def is_podman_own(path: str) -> bool:
    return path in PODMAN_OWN_PATHS or any(path == t or path.startswith(t + "/") for t in PODMAN_OWN_TREES)


def written_paths(changes: list[tuple[str, str]], image_dirs: frozenset[str]) -> tuple[str, ...]:
    """The paths the application itself added, changed or deleted.

    A changed directory is only a parent of real changes (or a mount point podman
    created), so directories of the image are dropped when only marked "C".
    """
    paths = {path for _kind, path in changes}
    result = []
    for kind, path in changes:
        if is_podman_own(path):
            continue
        has_child = any(other.startswith(path + "/") for other in paths)
        if kind == "C" and (has_child or path in image_dirs):
            continue
        if kind == "A" and has_child:
            continue
        result.append(path)
    return tuple(sorted(set(result)))


def tmpfs_dirs(paths: tuple[str, ...] | list[str], image_dirs: frozenset[str]) -> tuple[str, ...]:
    """Smallest set of directories that, as tmpfs, make `paths` writable again."""
    dirs = set()
    for path in paths:
        directory = path if path in image_dirs else posixpath.dirname(path)
        if directory not in ("", "/"):  # a tmpfs on / would hide the whole image
            dirs.add(directory)
    minimal = [d for d in dirs if not any(d != o and d.startswith(o.rstrip("/") + "/") for o in dirs)]
    return tuple(sorted(minimal))


def denied_paths(log: str) -> tuple[str, ...]:
    """Paths named in "Read-only file system" / "Permission denied" errors of a log."""
    return tuple(sorted({match.group(1) for match in DENIED_RE.finditer(log)}))


def error_lines(log: str) -> frozenset[str]:
    return frozenset(
        line.strip()
        for line in log.splitlines()
        if "Read-only file system" in line or "Permission denied" in line
    )
