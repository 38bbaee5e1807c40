"""Per-scan directories under the sandbox work dir.

Layout of `<work_dir>/<scan_code>/` (0700, owned by the podman account):
`context/Dockerfile` (the whole build context: no other host file is ever
copied or mounted), `tmp/` (TMPDIR for podman, so buildah's temp files go with
the scan) and `image.tar` (`podman save` output, read by Trivy and the probe).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass

from scans.sandbox.account import PodmanAccount

SCAN_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")


@dataclass(frozen=True)
class ScanWorkspace:
    root: str

    @property
    def context_dir(self) -> str:
        return os.path.join(self.root, "context")

    @property
    def tmp_dir(self) -> str:
        return os.path.join(self.root, "tmp")

    @property
    def archive(self) -> str:
        return os.path.join(self.root, "image.tar")


def workspace_path(work_dir: str, scan_code: str) -> str:
    # The code becomes a path component, so refuse anything but a plain id.
    if not SCAN_CODE_RE.match(scan_code):
        raise ValueError(f"not a scan code: {scan_code!r}")
    return os.path.join(work_dir, scan_code)


def create_workspace(work_dir: str, scan_code: str, dockerfile: str, account: PodmanAccount) -> ScanWorkspace:
    """A fresh workspace holding only the Dockerfile; an old one for the code is replaced."""
    os.makedirs(work_dir, mode=0o711, exist_ok=True)
    workspace = ScanWorkspace(workspace_path(work_dir, scan_code))
    remove_workspace(work_dir, scan_code)
    for path in (workspace.root, workspace.context_dir, workspace.tmp_dir):
        os.mkdir(path, 0o700)
    with open(os.path.join(workspace.context_dir, "Dockerfile"), "w", encoding="utf-8") as handle:
        handle.write(dockerfile)
    if account.drops_privileges:
        for dirpath, _dirs, files in os.walk(workspace.root):
            os.chown(dirpath, account.uid, account.gid)
            for name in files:
                os.chown(os.path.join(dirpath, name), account.uid, account.gid)
    return workspace


def remove_workspace(work_dir: str, scan_code: str) -> bool:
    path = workspace_path(work_dir, scan_code)
    if not os.path.lexists(path):
        return False
    shutil.rmtree(path, ignore_errors=True)
    return True


def list_workspaces(work_dir: str) -> list[str]:
    """Scan codes that have a workspace (the janitor's view of leftover directories)."""
    try:
        names = os.listdir(work_dir)
    except FileNotFoundError:
        return []
    return sorted(
        name for name in names if SCAN_CODE_RE.match(name) and os.path.isdir(os.path.join(work_dir, name))
    )
