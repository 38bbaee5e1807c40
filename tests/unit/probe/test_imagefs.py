"""Image filesystem facts from a real `podman save` archive (tests/data/probe/refresh.sh)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from scans.probe.imagefs import FsEntry, ImageFs, apply_layer, image_facts, read_image_archive

ARCHIVE = Path(__file__).resolve().parents[2] / "data" / "probe" / "image_facts.tar"


def test_it_finds_set_id_files_world_writable_dirs_and_account_problems():
    fs = read_image_archive(str(ARCHIVE))
    facts = image_facts(fs)
    assert facts.suid_files == ("/usr/bin/sg-tool", "/usr/bin/su-tool")
    assert facts.world_writable_dirs == ("/data",)  # /tmp is 1777: sticky, so fine
    assert facts.empty_password_users == ("guest",)
    assert facts.duplicate_uids == (0,)
    assert (facts.has_shell, facts.has_package_manager) == (False, False)


def test_it_reads_the_image_config_and_ownership():
    fs = read_image_archive(str(ARCHIVE))
    assert fs.config["User"] == "1000"
    assert fs.entries["/usr/bin/su-tool"] == FsEntry(mode=0o4755, uid=0, gid=0, kind="file", target="")
    assert fs.entries["/tmp"].mode == 0o1777


def test_it_lists_written_paths_the_runtime_user_cannot_write():
    fs = read_image_archive(str(ARCHIVE))
    facts = image_facts(fs, runtime_uid=1000, written=("/etc/app.conf", "/data/cache.db"))
    assert facts.root_owned_writable_needed == ("/etc/app.conf",)
    assert image_facts(fs, runtime_uid=0, written=("/etc/app.conf",)).root_owned_writable_needed == ()


def layer(*members: tuple[str, str, int]) -> tarfile.TarFile:
    """An in-memory layer: (name, kind "file"|"dir"|"symlink:<target>", mode)."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for name, kind, mode in members:
            info = tarfile.TarInfo(name)
            info.mode = mode
            if kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind.startswith("symlink:"):
                info.type, info.linkname = tarfile.SYMTYPE, kind.split(":", 1)[1]
            tar.addfile(info, io.BytesIO(b""))
    data.seek(0)
    return tarfile.open(fileobj=data)


def test_it_applies_whiteouts_and_opaque_directories_layer_by_layer():
    fs = ImageFs()
    apply_layer(fs, layer(("usr", "dir", 0o755), ("usr/bin", "dir", 0o755), ("usr/bin/sudo", "file", 0o4755),
                          ("opt", "dir", 0o755), ("opt/a", "file", 0o644),
                          ("bin", "symlink:usr/bin", 0o777)))  # fmt: skip
    assert image_facts(fs).suid_files == ("/usr/bin/sudo",)
    apply_layer(fs, layer(("usr/bin/.wh.sudo", "file", 0o644), ("opt/.wh..wh..opq", "file", 0o644)))
    assert image_facts(fs).suid_files == ()
    assert "/opt/a" not in fs.entries and "/opt" in fs.entries


def test_it_follows_usrmerge_symlinks_to_find_shells_and_package_managers():
    fs = ImageFs()
    apply_layer(fs, layer(("usr", "dir", 0o755), ("usr/bin", "dir", 0o755), ("usr/bin/dash", "file", 0o755),
                          ("usr/bin/sh", "symlink:dash", 0o777), ("usr/bin/apt-get", "file", 0o755),
                          ("bin", "symlink:usr/bin", 0o777)))  # fmt: skip
    assert fs.resolve("/bin/sh") == "/usr/bin/dash"
    facts = image_facts(fs)
    assert (facts.has_shell, facts.has_package_manager) == (True, True)
