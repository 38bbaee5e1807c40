"""ADV1xx: who the container runs as, and how its users are made."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import (
    is_root_user,
    run_commands,
    run_steps,
    runtime_stage,
    runtime_user,
    stage_variables,
)
from scans.lint.parsing import Dockerfile, substitute
from scans.lint.registry import LintFinding, at, rule
from scans.lint.shell import Command
from scans.results import Severity

ADD_USER_FIX = (
    "RUN groupadd --system --gid 5000 app \\\n"
    "    && useradd --system --uid 5000 --gid app --no-create-home --no-log-init app\n"
    "USER 5000:5000"
)
NEEDS_ROOT = {
    "apt-get": ("install", "update", "upgrade", "dist-upgrade", "remove", "purge"),
    "apt": ("install", "update", "upgrade", "remove"),
    "apk": ("add", "update", "upgrade", "del"),
    "yum": ("install", "update", "upgrade", "remove"),
    "dnf": ("install", "update", "upgrade", "remove"),
    "microdnf": ("install", "update", "upgrade", "remove"),
    "zypper": ("install", "in", "update", "up", "remove"),
    "tdnf": ("install", "update"),
    "useradd": (), "adduser": (), "groupadd": (), "addgroup": (), "usermod": (),
    "setcap": (), "update-ca-certificates": (), "ldconfig": (),
}  # fmt: skip


@rule(
    "ADV101",
    title="The final stage has no USER, so the container runs as root",
    severity=Severity.HIGH,
    reason=(
        "Without USER the process runs as UID 0; a compromise of the app is then root "
        "inside the container, one kernel bug away from root on the host."
    ),
    fix=f"Create a user with a fixed UID/GID after the installs, then switch to it:\n{ADD_USER_FIX}",
    refs={"trivy": ("DS-0002",), "cis": ("4.1",), "checkov": ("CKV_DOCKER_3",)},
    guide="Run as a dedicated non-root user",
    peer_notes=(
        "hadolint has no check for a missing USER (its DL3002 fires only on an explicit root USER). Trivy "
        "DS-0002 accepts a USER in any stage; we count only the stages the final image is built from, and "
        "FROM scratch without USER runs as root too."
    ),
)
def no_user_in_final_stage(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    inst, _ = runtime_user(dockerfile)
    final = dockerfile.final_stage
    if final is not None and inst is None:
        yield LintFinding("ADV101", final.line, "The final stage never sets USER.")


@rule(
    "ADV102",
    title="The final USER is root",
    severity=Severity.HIGH,
    reason=(
        "USER root (or 0, 0:0, root:root) makes the runtime user root explicitly; every "
        "process in the container then has UID 0."
    ),
    fix=f"Switch to a non-root numeric user as the last USER:\n{ADD_USER_FIX}",
    refs={"hadolint": ("DL3002",), "trivy": ("DS-0002",), "cis": ("4.1",), "checkov": ("CKV_DOCKER_8",)},
    guide="Run as a dedicated non-root user",
    peer_notes=(
        "We resolve ARG/ENV (USER ${RUNAS}) and read 0:0, ROOT and root:root as root; hadolint 2.15 "
        "(DL3002) and Trivy (DS-0002) compare the literal text and miss these. hadolint DL3002 also flags a "
        "build stage that ends as root; build stages never run, so we check only the runtime user. ONBUILD "
        "USER root is not flagged: it does not change this image."
    ),
)
def final_user_is_root(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    inst, value = runtime_user(dockerfile)
    if inst is not None and value and is_root_user(value):
        shown = inst.args.strip() if inst.args.strip() == value else f"{inst.args.strip()} (= {value})"
        yield at("ADV102", inst, f"The last USER is {shown}: the container runs as UID 0.")


@rule(
    "ADV103",
    title="USER switches to non-root before a step that needs root",
    severity=Severity.MEDIUM,
    reason=(
        "Package installs, user creation and setcap need root; the step fails at build time, or tempts a "
        "sudo workaround."
    ),
    fix="Do every root step first, as root, and put USER after the last one.",
    refs={},
    guide="Switch with USER after installs",
)
def user_before_root_step(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        if step.user is None or is_root_user(step.user):
            continue
        for command in step.script.commands:
            if needs_root(command):
                words = " ".join(command.words[:3])
                yield at("ADV103", step.inst, f"`{words}` runs as {step.user}, set by an earlier USER.")
                break


def needs_root(command: Command) -> bool:
    if command.wrappers and command.wrappers[0] in ("sudo", "gosu", "su-exec"):
        return False
    subcommands = NEEDS_ROOT.get(command.name)
    if subcommands is None:
        return False
    return not subcommands or command.subcommand() in subcommands


NUMERIC_USER = re.compile(r"^\d+(:\d+)?$")


@rule(
    "ADV104",
    title="USER names a user instead of a numeric UID:GID",
    severity=Severity.LOW,
    reason=(
        "Kubernetes runAsNonRoot cannot verify a user name, so the pod is refused or the check is "
        "skipped; a numeric UID:GID is checkable and does not depend on /etc/passwd."
    ),
    fix="Use the numeric IDs of the user you created: USER 5000:5000",
    refs={"hadolint": ("DL3066",)},
    guide="Fixed numeric UID/GID",
    peer_notes=(
        "hadolint DL3066 flags every named USER in every stage; we flag only the runtime user (the only one"
        " runAsNonRoot checks), and resolve USER ${user} through ARG/ENV, which hadolint skips. USER root "
        "is reported as ADV102 (or not at all in a build stage), not as a name. A named group (USER "
        "1000:app) is flagged too; hadolint looks at the user part only."
    ),
)
def user_by_name(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    inst, value = runtime_user(dockerfile)
    if inst is None or not value or is_root_user(value) or "$" in value:
        return
    if not NUMERIC_USER.match(value.strip()):
        yield at("ADV104", inst, f"USER {value} is a name; the runtime cannot prove it is not root.")


USER_TOOLS = {
    "useradd": ("-u", "--uid"), "adduser": ("-u", "--uid"),
    "groupadd": ("-g", "--gid"), "addgroup": ("-g", "--gid"),
}  # fmt: skip


@rule(
    "ADV105",
    title="User or group created without a fixed UID/GID",
    severity=Severity.LOW,
    reason=(
        "Without an explicit ID the number depends on what the base image already has; file "
        "ownership, volumes and runAsUser then drift between builds."
    ),
    fix="Give the IDs explicitly: groupadd --gid 5000 app && useradd --uid 5000 --gid 5000 app",
    refs={},
    guide="Fixed numeric UID/GID",
)
def user_without_fixed_id(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, *USER_TOOLS):
        short, long_flag = USER_TOOLS[command.name]
        if not command.has_flag(short, long_flag):
            kind = "group" if "group" in command.name else "user"
            yield at("ADV105", step.inst, f"`{command.name}` creates a {kind} without a fixed ID.")


@rule(
    "ADV106",
    title="useradd with a high UID and no -l",
    severity=Severity.LOW,
    reason=(
        "useradd writes the lastlog/faillog entry for a large UID as a sparse file that can blow the layer "
        "up to gigabytes."
    ),
    fix="Add -l (--no-log-init): useradd -l --uid 100000 app",
    refs={"hadolint": ("DL3046",)},
    guide="Fixed numeric UID/GID",
    peer_notes="We also read --uid=N and --uid N; hadolint DL3046 reads -u only.",
)
def useradd_high_uid(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "useradd"):
        uid = flag_value(command, "-u", "--uid")
        if uid and "$" in uid:  # useradd -u $UID with ARG UID=100000
            uid = substitute(uid, stage_variables(dockerfile, step.stage, step.inst.line))
        if uid and uid.isdigit() and len(uid) > 5 and not command.has_flag("-l", "--no-log-init"):
            yield at("ADV106", step.inst, f"useradd --uid {uid} without -l.")


def flag_value(command: Command, short: str, long_flag: str) -> str | None:
    words = command.args
    for index, word in enumerate(words):
        if word in (short, long_flag) and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(long_flag + "="):
            return word.split("=", 1)[1]
    return None


def final_user_is_non_root(dockerfile: Dockerfile) -> bool:
    """Used by the ports rules: a known non-root runtime user."""
    _, value = runtime_user(dockerfile)
    return value is not None and not is_root_user(value) and runtime_stage(dockerfile) is not None
