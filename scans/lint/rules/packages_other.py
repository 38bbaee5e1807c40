"""ADV607-612: hygiene for apk, pip, yum/dnf/zypper, version pins and downloaders."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import parse_env_pairs, run_commands, run_steps
from scans.lint.packages import installs
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity


@rule(
    "ADV607",
    title="apk add without --no-cache",
    severity=Severity.LOW,
    reason="Without --no-cache apk keeps its index in /var/cache/apk, which stays in the layer.",
    fix="apk add --no-cache <packages>",
    refs={"hadolint": ("DL3019",), "trivy": ("DS-0025",)},
    guide="Small final image",
    peer_notes=(
        "We accept removing /var/cache/apk in the same RUN and a cache mount, which leave the same layer "
        "as --no-cache (hadolint DL3019 and Trivy DS-0025 flag them), and `apk add --no-network` (installs "
        "from what is there, writes no index). We also read heredoc bodies and `xargs apk add`, which the "
        "peers do not."
    ),
)
def apk_cache(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "apk"):
        # --no-network fetches nothing, so no index lands in /var/cache/apk
        if command.subcommand() != "add" or command.has_flag("--no-cache", "--no-network"):
            continue
        if "/var/cache/apk" in step.inst.flags.get("mount", ""):
            continue
        cleaned = any(
            c.name == "rm" and any("/var/cache/apk" in w for w in c.args) for c in step.script.commands
        )
        if not cleaned:
            yield at("ADV607", step.inst, "`apk add` without --no-cache.")


def pip_no_cache_env(dockerfile: Dockerfile) -> bool:
    for inst in dockerfile.instructions:
        if inst.cmd in ("ENV", "ARG"):
            value = parse_env_pairs(inst.args).get("PIP_NO_CACHE_DIR", "")
            if value.lower() in ("1", "true", "yes", "on", "off", "0", "false"):
                return True  # pip treats any of these as "no cache" (its historic quirk)
    return False


@rule(
    "ADV608",
    title="pip install without --no-cache-dir",
    severity=Severity.LOW,
    reason="pip's wheel cache stays in the layer and can double the size of a Python image.",
    fix="pip install --no-cache-dir -r requirements.txt (or ENV PIP_NO_CACHE_DIR=1)",
    refs={"hadolint": ("DL3042",)},
    guide="Small final image",
    peer_notes=(
        "We accept PIP_NO_CACHE_DIR set by ARG as well as ENV (both are in the RUN's environment); hadolint "
        "DL3042 accepts only ENV. A cache mount on the pip cache is accepted too."
    ),
)
def pip_cache(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    if pip_no_cache_env(dockerfile):
        return
    for item in installs(dockerfile):
        if item.manager.startswith("pip") and not item.command.has_flag("--no-cache-dir"):
            if "cache" not in item.step.inst.flags.get("mount", ""):
                yield at("ADV608", item.step.inst, "`pip install` keeps its cache in the layer.")


RPM_MANAGERS = {
    "yum": "yum clean all",
    "dnf": "dnf clean all",
    "microdnf": "microdnf clean all",
    "zypper": "zypper clean",
    "tdnf": "tdnf clean all",
}


@rule(
    "ADV609",
    title="yum/dnf/microdnf/zypper install without clean",
    severity=Severity.LOW,
    reason="The package manager's metadata and cache stay in the layer: tens of megabytes that go stale.",
    fix="End the same RUN with the matching clean: && yum clean all (dnf clean all, zypper clean -a).",
    refs={"hadolint": ("DL3032", "DL3040", "DL3036"), "trivy": ("DS-0015", "DS-0019", "DS-0020", "DS-0027")},
    guide="Small final image",
    peer_notes=(
        "Trivy wants the literal `dnf clean all`; we accept `dnf clean --opt all` and removing the cache "
        "directories."
    ),
)
def rpm_clean(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    steps = [(i.step, i.manager, "install") for i in installs(dockerfile) if i.manager in RPM_MANAGERS]
    # `dnf reinstall` downloads packages as install does (hadolint DL3040 and Trivy count it too)
    steps += [
        (step, command.name, "reinstall")
        for step, command in run_commands(dockerfile, "dnf", "microdnf")
        if command.subcommand() == "reinstall"
    ]
    for step, manager, verb in steps:
        if not rpm_cleaned(step.script.commands, manager):
            yield at("ADV609", step.inst, f"`{manager} {verb}` without `{RPM_MANAGERS[manager]}`.")


def rpm_cleaned(commands: tuple, manager: str) -> bool:
    return any(c.name == manager and c.subcommand() in ("clean", "cc") for c in commands) or any(
        c.name == "rm"
        and any(w.startswith(("/var/cache/yum", "/var/cache/dnf", "/var/cache/zypp")) for w in c.args)
        for c in commands
    )


@rule(
    "ADV610",
    title="yum/dnf/zypper install without non-interactive flag",
    severity=Severity.LOW,
    reason="Without -y (zypper: -n) the install waits for a confirmation and the build aborts.",
    fix="yum install -y <packages> (dnf install -y, zypper --non-interactive install)",
    refs={"hadolint": ("DL3030", "DL3038", "DL3034")},
    guide="",
)
def rpm_non_interactive(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for item in installs(dockerfile):
        flags = (
            ("-n", "--non-interactive", "-y", "--no-confirm")
            if item.manager == "zypper"
            else ("-y", "--assumeyes")
        )
        if item.manager in ("yum", "dnf", "zypper") and not item.command.has_flag(*flags):
            yield at("ADV610", item.step.inst, f"`{item.manager} install` without {flags[0]}.")


VERSION_PIN = {
    "apt-get": re.compile(r"=|\.deb$"), "apt": re.compile(r"=|\.deb$"), "apk": re.compile(r"[=<>~]"),
    "yum": re.compile(r"-\d|\.rpm$"), "dnf": re.compile(r"-\d|\.rpm$"), "microdnf": re.compile(r"-\d"),
    "zypper": re.compile(r"[=<>]|-\d|\.rpm$"), "tdnf": re.compile(r"-\d"),
    "pip": re.compile(r"[=<>~@]|\.whl$|\.tar\.gz$|^\.|/|^git\+"), "pip3": re.compile(r"[=<>~@]|\.whl$|/|^\."),
    "npm": re.compile(r"@[\^~]?[\d$]|^\.|/|\.tgz$"), "gem": re.compile(r":|^-v"),
}  # fmt: skip


@rule(
    "ADV611",
    title="Package installed without a pinned version",
    severity=Severity.INFO,
    reason=(
        "Unpinned packages make every build different: a rebuild can pull a new, possibly broken or "
        "compromised version."
    ),
    fix=(
        "Pin versions (apt-get install pkg=1.2.3-1, pip install pkg==1.2.3, apk add pkg=1.2.3-r0) or use a "
        "lock file."
    ),
    refs={"hadolint": ("DL3008", "DL3018", "DL3013", "DL3016", "DL3028", "DL3033", "DL3041", "DL3037")},
    guide="Pin the base image",
    peer_notes=(
        "We also read heredoc bodies, `apt` (not only apt-get) and `$buildDeps`-style package lists "
        "assigned in the same RUN; hadolint reads the package after --virtual as a package name, we do not."
    ),
)
def unpinned_packages(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for item in installs(dockerfile):
        pin = VERSION_PIN.get(item.manager)
        if pin is None or item.command.has_flag("-r", "--requirement", "-c", "--constraint"):
            continue
        loose = [p for p in item.packages if not pin.search(p)]
        if item.manager == "gem" and item.command.has_flag("-v", "--version"):
            loose = []
        if loose:
            yield at("ADV611", item.step.inst, f"{item.manager}: {', '.join(loose[:5])} without a version.")


@rule(
    "ADV612",
    title="Both wget and curl used",
    severity=Severity.LOW,
    reason="Two download tools where one would do add size and attack surface to the image.",
    fix="Pick one downloader (curl -fsSL, or wget -q) for every step.",
    refs={"hadolint": ("DL4001",), "trivy": ("DS-0014",)},
    guide="Small final image",
)
def wget_and_curl(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for stage in dockerfile.stages:
        steps = [s for s in run_steps(dockerfile) if s.stage.index == stage.index]
        used = {c.name for s in steps for c in s.script.commands if c.name in ("wget", "curl")}
        if used == {"wget", "curl"}:
            first = next(c.name for s in steps for c in s.script.commands if c.name in ("wget", "curl"))
            other = "curl" if first == "wget" else "wget"
            second = next(s for s in steps if s.script.named(other))
            yield at(
                "ADV612", second.inst, f"This stage already downloads with {first}; here it uses {other} too."
            )
