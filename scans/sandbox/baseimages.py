"""Local base images, tagged as the names Dockerfiles use, for offline builds and tests.

No registry is reachable on our test machines, so `FROM busybox` and
`FROM debian:bookworm-slim` must already be in the sandbox account's storage:
a busybox-static scratch image (2 MB, for fast tests) and a debootstrapped
Debian bookworm minbase (the real thing, for package managers and Trivy).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from scans.results import SandboxConfig
from scans.sandbox import commands
from scans.sandbox.busybox_shims import SHIMS
from scans.sandbox.locks import builds_lock
from scans.sandbox.podman import base_build_args, image_exists_args, import_args, tag_args
from scans.sandbox.runner import PodmanRunner

# The first name carries our recipe's version: a changed recipe rebuilds the
# image even where an older busybox:latest exists.
BUSYBOX_NAMES = (
    "localhost/advisor-base/busybox:3",
    "docker.io/library/busybox:latest",
    "docker.io/library/busybox:1.36",
)
DEBIAN_NAMES = (
    "docker.io/library/debian:bookworm-slim",
    "docker.io/library/debian:12-slim",
    "docker.io/library/debian:bookworm",
    "docker.io/library/debian:12",
)
BUSYBOX_BINARY = "/bin/busybox"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"
GROUP = "root:x:0:\nnogroup:x:65534:\n"
SHADOW = "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n"
BUSYBOX_DOCKERFILE = """FROM scratch
COPY rootfs/ /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
"""


class BaseImageError(RuntimeError):
    pass


@dataclass(frozen=True)
class BaseImageReport:
    name: str
    created: bool


def ensure_base_images(config: SandboxConfig, *, debian: bool = True) -> list[BaseImageReport]:
    """Build whatever is missing; present images are kept (idempotent).

    Raises BaseImageError with the failing command's output.
    """
    runner = PodmanRunner(config)
    reports = [ensure_image(runner, BUSYBOX_NAMES, lambda: build_busybox(runner, config))]
    reports[0] = BaseImageReport(BUSYBOX_NAMES[1], reports[0].created)
    if debian:
        reports.append(ensure_image(runner, DEBIAN_NAMES, lambda: import_debian(runner, config)))
    return reports


def ensure_image(runner: PodmanRunner, names: tuple[str, ...], make) -> BaseImageReport:
    if not all(image_exists(runner, name) for name in names):
        if not image_exists(runner, names[0]):
            make()
        check(runner.run(tag_args(names[0], names[1:])), "podman tag")
        return BaseImageReport(names[0], created=True)
    return BaseImageReport(names[0], created=False)


def image_exists(runner: PodmanRunner, name: str) -> bool:
    return runner.run(image_exists_args(name), keep=False).exit_code == 0


def build_busybox(runner: PodmanRunner, config: SandboxConfig) -> None:
    if not os.path.isfile(BUSYBOX_BINARY):
        raise BaseImageError(f"{BUSYBOX_BINARY} is missing: apt-get install busybox-static")
    context = fresh_dir(config.work_dir, ".base-busybox")
    rootfs = os.path.join(context, "rootfs")
    for sub, mode in (("bin", 0o755), ("etc", 0o755), ("tmp", 0o1777), ("root", 0o700), ("home", 0o755)):
        os.makedirs(os.path.join(rootfs, sub), exist_ok=True)
        os.chmod(os.path.join(rootfs, sub), mode)
    shutil.copy2(BUSYBOX_BINARY, os.path.join(rootfs, "bin", "busybox"))
    for name, script in SHIMS.items():
        write(os.path.join(rootfs, "bin", name), script, 0o755)
    for name, text, mode in (("passwd", PASSWD, 0o644), ("group", GROUP, 0o644), ("shadow", SHADOW, 0o600)):
        write(os.path.join(rootfs, "etc", name), text, mode)
    write(os.path.join(context, "Dockerfile"), BUSYBOX_DOCKERFILE, 0o644)
    hand_over(runner, context, recursive=True)
    try:
        with builds_lock(config.work_dir):
            check(runner.run(base_build_args(context, BUSYBOX_NAMES[0]), timeout=300), "podman build busybox")
    finally:
        shutil.rmtree(context, ignore_errors=True)


def import_debian(runner: PodmanRunner, config: SandboxConfig) -> None:
    if os.geteuid() != 0:
        raise BaseImageError("debootstrap needs root: run `python manage.py make_base_images` as root")
    work = fresh_dir(config.work_dir, ".base-debian")
    rootfs, archive = os.path.join(work, "rootfs"), os.path.join(work, "debian.tar")
    try:
        check(
            commands.run_command(
                ["debootstrap", "--variant=minbase", "bookworm", rootfs, DEBIAN_MIRROR], timeout=1200
            ),
            "debootstrap",
        )
        check(
            commands.run_command(["tar", "-C", rootfs, "--numeric-owner", "-cf", archive, "."], timeout=600),
            "tar",
        )
        hand_over(runner, work, recursive=False)
        changes = ['CMD ["bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        check(runner.run(import_args(archive, DEBIAN_NAMES[0], changes), timeout=600), "podman import")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fresh_dir(work_dir: str, name: str) -> str:
    # A leading dot keeps the janitor, which only knows scan-code names, away.
    os.makedirs(work_dir, mode=0o711, exist_ok=True)
    path = os.path.join(work_dir, name)
    shutil.rmtree(path, ignore_errors=True)
    os.mkdir(path, 0o700)
    return path


def hand_over(runner: PodmanRunner, top: str, *, recursive: bool) -> None:
    """Give the podman account the files we prepared for it (when we are root)."""
    if not runner.account.drops_privileges:
        return
    uid, gid = runner.account.uid, runner.account.gid
    os.chown(top, uid, gid)
    for dirpath, dirs, files in os.walk(top):
        for name in [*dirs, *files]:
            path = os.path.join(dirpath, name)
            if recursive or dirpath == top and not os.path.isdir(path):
                os.lchown(path, uid, gid)
        if not recursive:
            break


def write(path: str, text: str, mode: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, mode)


def check(record, what: str) -> None:
    if record.exit_code != 0:
        raise BaseImageError(f"{what} failed (exit {record.exit_code}): {record.output[-2000:]}")
