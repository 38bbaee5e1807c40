"""Which account runs podman, and the environment rootless podman needs for it.

The worker may run as root (this host, `make run`); it then never runs podman as
root but drops to the sandbox account for every call with `runuser`. Run as any
other account, podman simply runs as that account.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass

from scans.errors import ToolUnavailable
from scans.results import SandboxConfig

SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class PodmanAccount:
    name: str
    uid: int
    gid: int
    home: str
    runtime_dir: str
    drops_privileges: bool  # True when we are root and wrap every call in runuser


def resolve_account(config: SandboxConfig) -> PodmanAccount:
    """The account podman runs as.

    Raises ToolUnavailable("sandbox.unavailable") when we are root and the
    configured account does not exist (refusing is safer than building as root).
    """
    is_root = os.geteuid() == 0
    if is_root:
        if not config.user:
            raise ToolUnavailable("sandbox.unavailable", problems="ADVISOR_SANDBOX_USER is empty")
        try:
            entry = pwd.getpwnam(config.user)
        except KeyError:
            raise ToolUnavailable(
                "sandbox.unavailable", problems=f"the account {config.user} does not exist"
            ) from None
    else:
        entry = pwd.getpwuid(os.geteuid())
    return PodmanAccount(
        name=entry.pw_name,
        uid=entry.pw_uid,
        gid=entry.pw_gid,
        home=entry.pw_dir,
        runtime_dir=runtime_dir_for(entry.pw_uid, is_root=is_root),
        drops_privileges=is_root,
    )


def runtime_dir_for(uid: int, *, is_root: bool) -> str:
    # Rootless podman keeps its locks, pause-process pid and runroot in
    # XDG_RUNTIME_DIR. There is no logind session for a service account, so as
    # root we own the conventional /run/user/<uid>; otherwise honour the session's.
    if not is_root and os.environ.get("XDG_RUNTIME_DIR"):
        return os.environ["XDG_RUNTIME_DIR"]
    return f"/run/user/{uid}"


def ensure_runtime_dir(account: PodmanAccount) -> None:
    """Create XDG_RUNTIME_DIR 0700 for the account (it vanishes on reboot).

    Without root we may not create /run/user/<uid>; podman then reports the
    problem itself, which preflight shows.
    """
    try:
        os.makedirs(account.runtime_dir, mode=0o700, exist_ok=True)
        if account.drops_privileges:
            os.chown(account.runtime_dir, account.uid, account.gid)
            os.chmod(account.runtime_dir, 0o700)
    except PermissionError:
        if account.drops_privileges:
            raise


def command_prefix(account: PodmanAccount, *, tmp_dir: str | None = None) -> list[str]:
    """argv prefix that runs the rest as the podman account with a clean environment.

    `env -i` so nothing of the worker's environment (SECRET_KEY, DATABASE_URL)
    reaches podman or a build; TMPDIR points into the scan's own directory so
    buildah's bundles and layer temp files go away with it.
    """
    env = [
        "env",
        "-i",
        f"HOME={account.home}",
        f"USER={account.name}",
        f"XDG_RUNTIME_DIR={account.runtime_dir}",
        f"PATH={SAFE_PATH}",
        "LC_ALL=C.UTF-8",
    ]
    if tmp_dir:
        env.append(f"TMPDIR={tmp_dir}")
    if account.drops_privileges:
        return ["runuser", "-u", account.name, "--", *env]
    return env
