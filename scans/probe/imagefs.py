"""The image's filesystem, read from the `podman save` archive: no container needed.

Layers are applied in order with OCI whiteouts (`.wh.<name>` deletes,
`.wh..wh..opq` empties a directory), keeping only metadata plus the text of the
few account files we inspect.
"""

from __future__ import annotations

import json
import posixpath
import stat
import tarfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scans.results import ImageFacts

ACCOUNT_FILES = ("/etc/passwd", "/etc/shadow", "/etc/group")
SHELLS = ("/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/bin/zsh", "/usr/bin/sh", "/usr/bin/bash")
PACKAGE_MANAGERS = ("apt-get", "apt", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pacman")
BIN_DIRS = ("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin")
MAX_ACCOUNT_FILE = 1024 * 1024
WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"


@dataclass(frozen=True)
class FsEntry:
    mode: int  # permission bits incl. setuid/setgid/sticky
    uid: int
    gid: int
    kind: str  # "file" | "dir" | "symlink" | "other"
    target: str = ""  # symlink target


@dataclass
class ImageFs:
    entries: dict[str, FsEntry] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)  # the image config's "config" object

    @property
    def dirs(self) -> frozenset[str]:
        return frozenset(path for path, entry in self.entries.items() if entry.kind == "dir")

    def resolve(self, path: str, depth: int = 0) -> str | None:
        """Follow symlinks (also in parent directories, e.g. usrmerge's /bin -> usr/bin)."""
        if depth > 40:
            return None
        current = "/"
        for part in [p for p in path.split("/") if p]:
            current = posixpath.join(current, part)
            entry = self.entries.get(current)
            if entry is None:
                return None
            if entry.kind == "symlink":
                target = posixpath.normpath(posixpath.join(posixpath.dirname(current), entry.target))
                resolved = self.resolve(target, depth + 1)
                if resolved is None:
                    return None
                current = resolved
        return current

    def exists(self, path: str) -> bool:
        return self.resolve(path) is not None


def read_image_archive(archive: str) -> ImageFs:
    """Read a docker-archive tar (`podman save --format=docker-archive`)."""
    fs = ImageFs()
    with tarfile.open(archive) as outer:
        manifest = json.load(member_file(outer, "manifest.json"))[0]
        config = json.load(member_file(outer, manifest["Config"]))
        fs.config = config.get("config") or {}
        for layer_name in manifest["Layers"]:
            with tarfile.open(fileobj=member_file(outer, layer_name)) as layer:
                apply_layer(fs, layer)
    return fs


def member_file(archive: tarfile.TarFile, name: str):
    member = archive.getmember(name)
    while member.issym():  # docker-archive links <id>/layer.tar to the blob
        member = archive.getmember(
            posixpath.normpath(posixpath.join(posixpath.dirname(member.name), member.linkname))
        )
    handle = archive.extractfile(member)
    if handle is None:
        raise ValueError(f"{name} is not a file in the archive")
    return handle


def apply_layer(fs: ImageFs, layer: tarfile.TarFile) -> None:
    for member in layer:
        path = posixpath.normpath("/" + member.name.lstrip("./"))
        parent, name = posixpath.split(path)
        if name == OPAQUE:
            remove_tree(fs, parent, keep_root=True)
        elif name.startswith(WHITEOUT):
            remove_tree(fs, posixpath.join(parent, name[len(WHITEOUT) :]))
        else:
            add_member(fs, layer, member, path)


def add_member(fs: ImageFs, layer: tarfile.TarFile, member: tarfile.TarInfo, path: str) -> None:
    if member.isdir():
        kind = "dir"
    elif member.issym():
        kind = "symlink"
    elif member.isfile() or member.islnk():
        kind = "file"
    else:
        kind = "other"
    mode = member.mode
    if member.islnk():
        linked = fs.entries.get(posixpath.normpath("/" + member.linkname.lstrip("./")))
        mode = linked.mode if linked else mode
    if kind != "dir":
        remove_tree(fs, path)  # a file replacing a directory hides its old contents
    fs.entries[path] = FsEntry(
        mode=stat.S_IMODE(mode), uid=member.uid, gid=member.gid, kind=kind, target=member.linkname
    )
    if path in ACCOUNT_FILES and member.isfile() and member.size <= MAX_ACCOUNT_FILE:
        handle = layer.extractfile(member)
        fs.texts[path] = handle.read().decode("utf-8", errors="replace") if handle else ""


def remove_tree(fs: ImageFs, path: str, *, keep_root: bool = False) -> None:
    prefix = path.rstrip("/") + "/"
    for key in [k for k in fs.entries if k.startswith(prefix) or (k == path and not keep_root)]:
        del fs.entries[key]
        fs.texts.pop(key, None)


def image_facts(fs: ImageFs, *, runtime_uid: int | None = None, written: tuple[str, ...] = ()) -> ImageFacts:
    passwd = parse_colon_file(fs.texts.get("/etc/passwd", ""))
    shadow = parse_colon_file(fs.texts.get("/etc/shadow", ""))
    return ImageFacts(
        suid_files=tuple(sorted(p for p, e in fs.entries.items() if e.kind == "file" and e.mode & 0o6000)),
        # Sticky world-writable directories (/tmp) are the normal, safe case.
        world_writable_dirs=tuple(
            sorted(
                p for p, e in fs.entries.items() if e.kind == "dir" and e.mode & 0o002 and not e.mode & 0o1000
            )
        ),
        has_shell=any(fs.exists(shell) for shell in SHELLS),
        has_package_manager=any(fs.exists(f"{d}/{pm}") for d in BIN_DIRS for pm in PACKAGE_MANAGERS),
        empty_password_users=empty_password_users(passwd, shadow),
        duplicate_uids=duplicate_uids(passwd),
        root_owned_writable_needed=not_writable_by(fs, runtime_uid, written),
    )


def parse_colon_file(text: str) -> list[list[str]]:
    return [
        line.split(":") for line in text.splitlines() if line and not line.startswith("#") and ":" in line
    ]


def empty_password_users(passwd: list[list[str]], shadow: list[list[str]]) -> tuple[str, ...]:
    shadow_names = {row[0] for row in shadow}
    users = {row[0] for row in shadow if len(row) > 1 and row[1] == ""}
    # A passwd entry with an empty password field and no shadow entry logs in without one.
    users |= {row[0] for row in passwd if len(row) > 1 and row[1] == "" and row[0] not in shadow_names}
    return tuple(sorted(users))


def duplicate_uids(passwd: list[list[str]]) -> tuple[int, ...]:
    counts = Counter(int(row[2]) for row in passwd if len(row) > 2 and row[2].isdigit())
    return tuple(sorted(uid for uid, count in counts.items() if count > 1))


def not_writable_by(fs: ImageFs, uid: int | None, written: tuple[str, ...]) -> tuple[str, ...]:
    """Written paths whose nearest existing file or directory the runtime user cannot write."""
    if uid is None or uid == 0:
        return ()
    blocked = []
    for path in written:
        current = path
        while current not in fs.entries and current != "/":
            current = posixpath.dirname(current)
        entry = fs.entries.get(current)
        if entry and entry.uid != uid and not entry.mode & 0o002:
            blocked.append(path)
    return tuple(sorted(blocked))
