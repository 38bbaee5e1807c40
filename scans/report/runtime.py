"""The hardened run configuration, derived from what the probe measured.

One `RunPlan` feeds every runtime fix (docker run, compose, Kubernetes), the
checklist's fix texts and `Report.runtime`, which the "verify the fix" scan hands
back to `probe_image(..., runtime=...)`. When the probe did not run, the plan is
derived from the Dockerfile alone and says so (`measured=False`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scans.report.evidence import Evidence
from scans.report.facts import NUMERIC_USER_RE

DEFAULT_UID = 5000  # same fallback UID as the probe (ProbeLimits.fallback_uid) and the Dockerfile fixer
APP_USER = "app"
# These amount to root on the host; the plan never adds them back, even if the probe
# found the image needs one: the checklist fails instead and says so.
FORBIDDEN_CAPS = frozenset({"SYS_ADMIN", "NET_ADMIN", "SYS_MODULE"})
STATIC_TMPFS = ("/tmp",)  # without a probe, /tmp is the one path nearly every program writes
# The tmpfs options the probe measured with (scans/probe/experiments.py, which the report may
# not import): mode=1777 because podman's default tmpfs (0755 root) is closed to a non-root
# UID; noexec,nosuid because nothing should run from a scratch directory.
TMPFS_OPTIONS = "rw,noexec,nosuid,mode=1777"


@dataclass(frozen=True)
class RunPlan:
    uid: int
    gid: int
    cap_add: tuple[str, ...]  # without the CAP_ prefix, as the probe, docker and Kubernetes spell them
    tmpfs: tuple[str, ...]
    ports: tuple[int, ...]
    measured: bool  # True: from the probe; False: from the Dockerfile only
    dropped_caps: tuple[str, ...] = ()  # forbidden capabilities the probe asked for, left out

    @property
    def user(self) -> str:
        return f"{self.uid}:{self.gid}"

    def to_runtime(self) -> dict[str, Any]:
        """Settings for the verify scan, in the probe's own vocabulary (HardenedRun's fields)."""
        return {
            "user": self.user,
            "cap_add": list(self.cap_add),
            "tmpfs": list(self.tmpfs),
            "read_only": True,
            "no_new_privileges": True,
        }


def plan_runtime(ev: Evidence) -> RunPlan:
    uid, gid = choose_ids(ev)
    if ev.probe_ran and ev.hardened is not None:
        wanted = tuple(bare_cap(cap) for cap in ev.hardened.cap_add)
        tmpfs = tuple(ev.hardened.tmpfs)
        ports = tuple(ev.baseline.listening_ports)
        measured = True
    else:
        ports = tuple(sorted({port for port, _ in ev.static.exposed}))
        wanted = ("NET_BIND_SERVICE",) if any(port < 1024 for port in ports) else ()
        tmpfs = STATIC_TMPFS
        measured = False
    cap_add = tuple(cap for cap in wanted if cap not in FORBIDDEN_CAPS)
    dropped = tuple(cap for cap in wanted if cap in FORBIDDEN_CAPS)
    return RunPlan(uid, gid, cap_add, tmpfs, ports, measured, dropped)


def choose_ids(ev: Evidence) -> tuple[int, int]:
    """The non-root UID:GID to run as, preferring what was measured over what was written.

    1. the user the probe's hardened run used (it picked one because the image ran as root);
    2. the non-root UID the image already runs as (probe);
    3. a numeric non-root USER in the Dockerfile;
    4. DEFAULT_UID, which the hardened Dockerfile creates.
    """
    if ev.probe_ran and ev.hardened is not None and ev.hardened.user:
        parsed = parse_user(ev.hardened.user)
        if parsed and parsed[0] != 0:
            return parsed
    if ev.probe_ran and ev.baseline.uid:
        return ev.baseline.uid, ev.baseline.gid if ev.baseline.gid is not None else ev.baseline.uid
    ids = ev.static.numeric_ids
    if ids and ids[0] != 0:
        return ids[0], ids[1] if ids[1] is not None else ids[0]
    return DEFAULT_UID, DEFAULT_UID


def parse_user(value: str) -> tuple[int, int] | None:
    match = NUMERIC_USER_RE.match(value.strip())
    if not match:
        return None
    uid = int(match.group(1))
    return uid, int(match.group(2)) if match.group(2) else uid


def bare_cap(name: str) -> str:
    name = name.strip().upper()
    return name[4:] if name.startswith("CAP_") else name
