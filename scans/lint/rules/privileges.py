"""ADV2xx: privilege escalation paths inside the image (sudo, SUID, capabilities, sshd)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import RunStep, final_instructions, run_commands, run_steps
from scans.lint.packages import installed_names
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, at, rule
from scans.lint.shell import Command
from scans.results import Severity


@rule(
    "ADV201",
    title="sudo in RUN",
    severity=Severity.MEDIUM,
    reason=(
        "Build steps already run as the USER in force; sudo adds an escalation path to the image and "
        "unpredictable TTY/password behaviour."
    ),
    fix="Run the step as root (move it before USER) and drop sudo; switch users with USER, not sudo.",
    refs={"hadolint": ("DL3004",), "trivy": ("DS-0010",), "checkov": ("CKV2_DOCKER_1",)},
    guide="No escalation paths",
    peer_notes=(
        "We also see sudo inside sh -c '...', behind env/nice, in exec-form RUN and in heredoc bodies; "
        "hadolint DL3004 and Trivy DS-0010 read only the top-level command."
    ),
)
def sudo_in_run(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        if any(c.name == "sudo" or "sudo" in c.wrappers for c in step.script.commands):
            yield at("ADV201", step.inst, "This RUN uses sudo.")


ESCALATION_TOOLS = ("sudo", "gosu", "su-exec", "doas")


@rule(
    "ADV202",
    title="sudo, gosu or su-exec installed but not used here",
    severity=Severity.MEDIUM,
    reason=(
        "A privilege-switching tool left in the image is a ready-made escalation path for anyone who gets "
        "code execution."
    ),
    fix=(
        "Remove the package, or, if an entrypoint script drops privileges with it, keep it and suppress "
        "this rule with a reason."
    ),
    refs={},
    guide="No escalation paths",
)
def escalation_tool_unused(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    installed = installed_names(dockerfile)
    used_text = " ".join(
        i.args for i in final_instructions(dockerfile, "ENTRYPOINT") + final_instructions(dockerfile, "CMD")
    )
    for tool in ESCALATION_TOOLS:
        item = installed.get(tool)
        if item is None or tool in used_text or "entrypoint" in used_text.lower() or ".sh" in used_text:
            continue
        used = any(
            tool in c.wrappers or c.name == tool for _, c in run_commands(dockerfile) if c is not item.command
        )
        if not used:
            yield at("ADV202", item.step.inst, f"{tool} is installed but nothing in this Dockerfile runs it.")


SUID_MODE = re.compile(r"^[0-7]?[2467][0-7]{3}$")
SUID_SYMBOLIC = re.compile(r"^[ugoa]*[+=][rwxXt]*s[rwxXts]*$")


@rule(
    "ADV203",
    title="chmod sets the SUID or SGID bit",
    severity=Severity.HIGH,
    reason=(
        "A SUID/SGID binary runs with its owner's rights, usually root: any flaw in it becomes root in the "
        "container."
    ),
    fix=(
        "Do not set SUID/SGID; grant the one capability the binary needs at runtime (--cap-add) or run it "
        "as root in a separate step."
    ),
    refs={"cis": ("4.8",)},
    guide="No escalation paths",
)
def chmod_suid(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "chmod"):
        modes = [w for w in command.args if not w.startswith("-")]
        kind = special_bits(modes[0]) if modes else None
        if kind == "sgid" and targets_directories(step, command, modes[1:]):
            continue  # SGID on a directory only makes new files inherit its group
        if kind:
            where = " ".join(modes[1:]) or "a file"
            yield at("ADV203", step.inst, f"`chmod {modes[0]}` sets {kind.upper()} on {where}.")
    for inst in dockerfile.instructions:
        mode = inst.flags.get("chmod", "")
        if inst.cmd in ("COPY", "ADD") and special_bits(mode):
            yield at("ADV203", inst, f"{inst.cmd} --chmod={mode} sets SUID/SGID.")


def special_bits(mode: str) -> str | None:
    """ "suid" when the mode sets the setuid bit, "sgid" for setgid only, else None."""
    if SUID_MODE.match(mode):
        digit = int(mode[-4])
        return "suid" if digit & 4 else "sgid" if digit & 2 else None
    parts = [p for p in mode.split(",") if SUID_SYMBOLIC.match(p)]
    if not parts:
        return None
    return (
        "suid" if any(p.split("+")[0].split("=")[0] in ("", "u", "a", "ug", "ugo") for p in parts) else "sgid"
    )


def targets_directories(step: RunStep, command: Command, paths: list[str]) -> bool:
    """`find -type d | xargs chmod g+s`, chmod -R, or a path this RUN just created with mkdir."""
    if command.has_flag("-R", "--recursive") or "xargs" in command.wrappers:
        return True
    made = {w.rstrip("/") for c in step.script.named("mkdir") for w in c.args if not w.startswith("-")}
    return bool(paths) and all(p.rstrip("/") in made for p in paths)


@rule(
    "ADV204",
    title="setcap grants file capabilities",
    severity=Severity.MEDIUM,
    reason=(
        "File capabilities let an unprivileged process gain privileges on exec, bypassing --cap-drop=ALL "
        "unless no-new-privileges is set."
    ),
    fix=(
        "Grant the capability to the container at runtime instead (--cap-add=NET_BIND_SERVICE), or listen "
        "on a port >= 1024."
    ),
    refs={},
    guide="No escalation paths",
)
def setcap_used(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "setcap"):
        if any("+" in w or "=" in w for w in command.args):
            yield at("ADV204", step.inst, f"`setcap {' '.join(command.args[:2])}` adds file capabilities.")


WORLD_WRITABLE_MODE = re.compile(r"^[0-7]?[0-7]{2}[2367]$")
WORLD_WRITABLE_SYMBOLIC = re.compile(r"^(a|o|ugo|)[+=][rwxXt]*w")


@rule(
    "ADV205",
    title="chmod makes files or directories world-writable",
    severity=Severity.MEDIUM,
    reason=(
        "chmod 777 / o+w lets any user in the container (and any UID a volume maps in) replace code or "
        "config."
    ),
    fix=(
        "Give ownership to the app user instead: COPY --chown=5000:5000 ... or chown 5000:5000 DIR && chmod"
        " 750 DIR"
    ),
    refs={},
    guide="App files owned by the app user",
)
def chmod_world_writable(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "chmod"):
        modes = [w for w in command.args if not w.startswith("-")]
        if not modes or modes[0] in ("1777", "+t"):
            continue  # sticky world-writable (like /tmp) is the accepted pattern
        if WORLD_WRITABLE_MODE.match(modes[0]) or any(
            WORLD_WRITABLE_SYMBOLIC.match(p) for p in modes[0].split(",")
        ):
            yield at(
                "ADV205",
                step.inst,
                f"`chmod {modes[0]}` makes {' '.join(modes[1:]) or 'a path'} world-writable.",
            )


@rule(
    "ADV206",
    title="openssh-server installed",
    severity=Severity.HIGH,
    reason=(
        "An SSH daemon in a container is a second way in with its own keys and passwords; use `docker "
        "exec`/`kubectl exec` instead."
    ),
    fix="Remove openssh-server (and EXPOSE 22); debug with `docker exec -it CONTAINER sh`.",
    refs={},
    guide="No escalation paths",
)
def sshd_installed(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for name in ("openssh-server", "openssh", "dropbear"):
        item = installed_names(dockerfile).get(name)
        if item is not None:
            yield at("ADV206", item.step.inst, f"{name} is installed.")


@rule(
    "ADV207",
    title="RUN --security=insecure",
    severity=Severity.HIGH,
    reason=(
        "An insecure RUN runs with all capabilities and no seccomp during the build; the build host is then"
        " exposed to the step."
    ),
    fix="Remove --security=insecure; do the privileged work outside the image build.",
    refs={},
    guide="No escalation paths",
)
def run_insecure(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        if step.inst.flags.get("security") == "insecure":
            yield at("ADV207", step.inst, "This RUN asks for --security=insecure.")
