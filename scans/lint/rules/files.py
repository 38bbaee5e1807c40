"""ADV4xx: files and the filesystem (ADD, COPY, WORKDIR, VOLUME, ownership)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from scans.lint.facts import copy_parts, run_steps, stage_variables
from scans.lint.parsing import Dockerfile, substitute
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity

URL_RE = re.compile(r"^(https?|ftp)://", re.IGNORECASE)
GIT_RE = re.compile(r"^(git@|git://|https?://\S+\.git(#\S*)?$)", re.IGNORECASE)
ARCHIVE_RE = re.compile(
    r"\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tar\.lz|gz|bz2|xz)$", re.IGNORECASE
)


@rule(
    "ADV401",
    title="ADD downloads from a URL without a checksum",
    severity=Severity.MEDIUM,
    reason=(
        "ADD <url> fetches whatever the server returns at build time, unverified; a compromised or changed "
        "file goes straight into the image."
    ),
    fix=(
        "Use ADD --checksum=sha256:<hash> <url> <dest>, or RUN curl -fsSLO <url> && echo '<hash>  <file>' |"
        " sha256sum -c -"
    ),
    refs={"cis": ("4.9",)},
    guide="Verify what you download",
)
def add_url(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd != "ADD" or "checksum" in inst.flags:
            continue
        sources, _ = copy_parts(inst)
        for source in sources:
            if URL_RE.match(source) and not GIT_RE.match(source):
                yield at("ADV401", inst, f"ADD fetches {source} without --checksum.")


@rule(
    "ADV402",
    title="ADD of a local file that is not an archive (use COPY)",
    severity=Severity.LOW,
    reason=(
        "ADD also unpacks archives and fetches URLs; for plain files COPY says exactly what happens and "
        "nothing more."
    ),
    fix="Replace ADD with COPY for local files and directories.",
    refs={"hadolint": ("DL3020",), "trivy": ("DS-0005",), "cis": ("4.9",), "checkov": ("CKV_DOCKER_4",)},
    guide="",
    peer_notes=(
        "We resolve ARG/ENV in sources (ARG F=app.tgz; ADD $F /app/ unpacks an archive, so it is not "
        "flagged; a source we cannot resolve is not flagged either), while both peers flag any $F. Like "
        "hadolint we flag an ADD whose sources mix an archive with plain files; Trivy DS-0005 does not. "
        "ADD <<EOT heredocs are not flagged (Trivy flags them, hadolint does not)."
    ),
)
def add_local_file(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd != "ADD" or inst.heredocs:
            continue
        sources, _ = copy_parts(inst)
        local = [s for s in sources if not URL_RE.match(s) and not GIT_RE.match(s) and not s.startswith("<<")]
        if any("$" in s for s in local):
            variables = stage_variables(dockerfile, dockerfile.stages[inst.stage], inst.line)
            local = [substitute(s, variables) for s in local]
        plain = [s for s in local if not ARCHIVE_RE.search(s) and "$" not in s]
        if plain:  # every plain file of an ADD could be a COPY, even next to an archive
            yield at("ADV402", inst, f"ADD {' '.join(plain)} copies local files: COPY is enough.")


@rule(
    "ADV403",
    title="COPY/ADD followed by RUN chown -R of the same path",
    severity=Severity.LOW,
    reason=(
        "A separate chown copies every file into a new layer (doubling its size) and leaves a window where "
        "files are root-owned."
    ),
    fix="Set ownership while copying: COPY --chown=5000:5000 src/ /app/",
    refs={},
    guide="App files owned by the app user via COPY --chown",
)
def chown_after_copy(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        copied = {
            copy_parts(i)[1].rstrip("/") or "/"
            for i in step.stage.instructions
            if i.cmd in ("COPY", "ADD") and i.line < step.inst.line
        }
        for command in step.script.named("chown"):
            paths = [w.rstrip("/") or "/" for w in command.operands()]
            hit = [p for p in paths if p in copied]
            if hit:
                yield at("ADV403", step.inst, f"chown of {hit[0]}, which an earlier COPY/ADD wrote.")
                break


@rule(
    "ADV404",
    title="COPY --from copies a whole stage's filesystem",
    severity=Severity.MEDIUM,
    reason=(
        "COPY --from=stage / / brings the build stage's compilers, caches and secrets into the final image,"
        " undoing the multi-stage split."
    ),
    fix="Copy only the artefacts you need: COPY --from=build /app/bin/server /app/server",
    refs={},
    guide="Small final image",
)
def copy_whole_stage(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd == "COPY" and "from" in inst.flags:
            sources, _ = copy_parts(inst)
            if any(posixpath.normpath(s) == "/" for s in sources):
                yield at(
                    "ADV404",
                    inst,
                    f"COPY --from={inst.flags['from']} copies the stage's whole root filesystem.",
                )


SYSTEM_DIRS = frozenset(
    {
        "/",
        "/bin",
        "/sbin",
        "/usr",
        "/usr/bin",
        "/usr/sbin",
        "/lib",
        "/etc",
        "/root",
        "/proc",
        "/sys",
        "/dev",
        "/boot",
        "/var",
        "/usr/lib",
    }
)
# kernel and boot mounts: anything below them is not a place for app files (Trivy DS-0030)
KERNEL_DIRS = ("/proc/", "/sys/", "/dev/", "/boot/", "/initrd/", "/lost+found/")


@rule(
    "ADV405",
    title="WORKDIR is relative",
    severity=Severity.LOW,
    reason=(
        "A relative WORKDIR depends on every earlier WORKDIR (and the base image's); an absolute path says "
        "where files land."
    ),
    fix="Use an absolute path: WORKDIR /app",
    refs={"hadolint": ("DL3000",), "trivy": ("DS-0009",), "checkov": ("CKV_DOCKER_10",)},
    guide="",
    peer_notes=(
        "Windows paths with a drive (WORKDIR C:/app) are absolute; "
        "Trivy DS-0009 flags them, hadolint does not."
    ),
)
def workdir_relative(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        path = inst.args.strip().strip("\"'")
        if (
            inst.cmd == "WORKDIR"
            and path
            and not path.startswith(("/", "$", "%"))
            and not re.match(r"^[A-Za-z]:", path)
        ):
            yield at("ADV405", inst, f"WORKDIR {path} is relative.")


@rule(
    "ADV406",
    title="WORKDIR on a system directory",
    severity=Severity.LOW,
    reason=(
        "Working in /, /usr, /etc or /root mixes app files with the OS; later COPY . . then overwrites "
        "system files."
    ),
    fix="Use a dedicated directory: WORKDIR /app",
    refs={"trivy": ("DS-0030",)},
    guide="App files owned by the app user",
    peer_notes=(
        "Trivy DS-0030 flags only paths below /proc, /boot, /dev, /initrd and /lost+found (not those "
        "directories themselves); we flag those too, plus /, /etc, /usr, /var, /root and the bin/lib dirs."
    ),
)
def workdir_system(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        path = inst.args.strip().strip("\"'")
        if inst.cmd != "WORKDIR" or not path.startswith("/"):
            continue
        norm = posixpath.normpath(path)
        if norm in SYSTEM_DIRS or norm.startswith(KERNEL_DIRS):
            yield at("ADV406", inst, f"WORKDIR {path} is a system directory.")


@rule(
    "ADV407",
    title="VOLUME on /, /proc, /sys or /dev",
    severity=Severity.HIGH,
    reason=(
        "A volume over a system path hides or shares the container's own kernel interfaces and root "
        "filesystem."
    ),
    fix="Declare volumes only for data directories: VOLUME /data",
    refs={},
    guide="Read-only root filesystem",
)
def volume_system(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd != "VOLUME":
            continue
        paths = inst.json_args if inst.json_args is not None else inst.args.split()
        for path in paths:
            norm = posixpath.normpath(path) if path.startswith("/") else path
            if norm == "/" or norm.split("/")[1:2] in (["proc"], ["sys"], ["dev"]):
                yield at("ADV407", inst, f"VOLUME {path} covers a system path.")


@rule(
    "ADV408",
    title="Logs written under /var/log instead of stdout",
    severity=Severity.LOW,
    reason=(
        "Log files inside the container fill its writable layer, are lost with it and block a read-only "
        "root filesystem; runtimes collect stdout/stderr."
    ),
    fix=(
        "Log to stdout/stderr, or link the files: RUN ln -sf /dev/stdout /var/log/app/access.log && ln -sf "
        "/dev/stderr /var/log/app/error.log"
    ),
    refs={},
    guide="Logs to stdout",
)
def logs_to_files(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    linked = {
        c.args[-1]
        for s in run_steps(dockerfile)
        for c in s.script.named("ln")
        if any(a.startswith("/dev/std") or a.startswith("/proc/self/fd") for a in c.args)
    }
    for step in run_steps(dockerfile):
        for command in step.script.commands:
            targets = [r for r in command.redirects if r.startswith("/var/log/") and r not in linked]
            if targets:
                yield at("ADV408", step.inst, f"Output goes to {targets[0]}, not stdout.")
                break
    for inst in dockerfile.instructions:
        if inst.cmd in ("CMD", "ENTRYPOINT", "ENV"):
            for path in re.findall(r"/var/log/[\w./-]+", inst.args):
                if path not in linked:
                    yield at("ADV408", inst, f"{inst.cmd} writes to {path}, not stdout.")
                    break
